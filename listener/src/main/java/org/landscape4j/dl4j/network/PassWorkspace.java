package org.landscape4j.dl4j.network;

import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The ND4J workspace that holds the arrays of one inference pass of an objective (activations, the copy of the
 * input, scores), on the calling thread. After the first pass it has learnt its size, and each later pass reuses
 * the same memory: no allocation, no page faults. The values a pass returns are scalars taken out before the
 * workspace closes.
 *
 * <p>Workspaces are per thread: each worker gets its own, of the size of one batch's activations; it is released
 * with the thread's other ND4J workspaces ({@link #release()} releases it on the calling thread at once).
 */
final class PassWorkspace {

    static final String NAME = "LANDSCAPE4J_PASS";

    private static final WorkspaceConfiguration CONFIGURATION = WorkspaceConfiguration.builder()
            .initialSize(0)
            .overallocationLimit(0.05)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .policyReset(ResetPolicy.BLOCK_LEFT)
            .policySpill(SpillPolicy.REALLOCATE)
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .build();

    /** One manager per thread: a manager keeps per-array-type state, and workers run passes concurrently. */
    private static final ThreadLocal<LayerWorkspaceMgr> MANAGER = ThreadLocal.withInitial(() ->
            LayerWorkspaceMgr.builder().defaultWorkspace(NAME, CONFIGURATION).build());

    private PassWorkspace() {
    }

    /** @return the workspace, opened on the calling thread (close it when the pass's scalars are taken) */
    static MemoryWorkspace open() {
        return Nd4j.getWorkspaceManager().getAndActivateWorkspace(CONFIGURATION, NAME);
    }

    /** @return a layer workspace manager that puts every array type into the pass workspace */
    static LayerWorkspaceMgr manager() {
        return MANAGER.get();
    }

    /** Frees the calling thread's pass workspace, if it has one. */
    static void release() {
        if (Nd4j.getWorkspaceManager().checkIfWorkspaceExists(NAME)) {
            Nd4j.getWorkspaceManager().getWorkspaceForCurrentThread(NAME).destroyWorkspace(true);
        }
    }
}
