package org.landscape4j.run;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A child JVM of {@link RunClaimTest}: prints "ready", waits for "go" on stdin, claims {@code args[0]} with the
 * policy {@code args[1]}, prints the outcome ("won PATH", "lost live", "lost files", "error MESSAGE"), waits for
 * "release", releases its claim and exits with 0 (won), 3 (another recorder holds it), 4 (a run is there) or
 * 5 (another failure).
 */
public final class ClaimMain {

    private ClaimMain() {
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("ready");
        System.out.flush();
        if (!"go".equals(in.readLine())) {
            System.exit(6);
        }
        int code;
        RunClaim claim = null;
        try {
            claim = RunClaim.claim(Path.of(args[0]), ExistingRunPolicy.valueOf(args[1]));
            System.out.println("won " + claim.directory());
            code = 0;
        } catch (RunExistsException e) {
            System.out.println(e.claimedByLiveRecorder() ? "lost live" : "lost files");
            code = e.claimedByLiveRecorder() ? 3 : 4;
        } catch (Exception e) {
            System.out.println("error " + SafeText.escapeControls(String.valueOf(e)));
            code = 5;
        }
        System.out.flush();
        in.readLine(); // "release"
        if (claim != null) {
            claim.close();
        }
        System.exit(code);
    }
}
