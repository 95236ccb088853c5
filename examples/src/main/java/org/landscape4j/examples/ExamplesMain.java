package org.landscape4j.examples;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Runs an example by name: {@code java -jar examples/target/landscape4j-examples.jar [modular-addition]
 * [--out DIR] [--epochs N] [--seed S]}.
 */
@Command(name = "landscape4j-examples", mixinStandardHelpOptions = true,
        description = "Trains an example network on generated data with the LandscapeListener attached.")
public final class ExamplesMain implements Callable<Integer> {

    private static final List<Example> EXAMPLES = List.of(new ModularAdditionExample());

    @Parameters(index = "0", arity = "0..1", defaultValue = "modular-addition",
            description = "The example to run: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
            completionCandidates = Names.class)
    String example;

    @Option(names = "--out", defaultValue = "runs/modular-addition",
            description = "Output and run directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--epochs", description = "Number of epochs (default: the example's own).")
    Integer epochs;

    @Option(names = "--seed", description = "Seed of the data split and initialization (default: the example's own).")
    Long seed;

    @Override
    public Integer call() throws Exception {
        Example chosen = EXAMPLES.stream().filter(e -> e.name().equals(example)).findFirst().orElse(null);
        if (chosen == null) {
            System.err.println("unknown example '" + example + "'; available: " + names());
            return 2;
        }
        if (epochs != null && epochs < 1) {
            System.err.println("--epochs must be at least 1, got " + epochs);
            return 2;
        }
        try {
            chosen.run(out, epochs, seed);
        } catch (IllegalStateException e) {
            // The listener's build() explains a directory it cannot record into in one line: no stack trace.
            System.err.println("landscape4j-examples: " + e.getMessage());
            return 1;
        }
        return 0;
    }

    private static String names() {
        return EXAMPLES.stream().map(e -> e.name() + " (" + e.description() + ")").collect(Collectors.joining(", "));
    }

    /** The example names, for picocli's help text. */
    static final class Names implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return EXAMPLES.stream().map(Example::name).iterator();
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ExamplesMain()).execute(args));
    }
}
