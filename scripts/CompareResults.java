import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.landscape4j.curvature.CurvatureMap;
import org.landscape4j.run.RunFormatException;
import org.landscape4j.slice.GridPoint;
import org.landscape4j.slice.SliceTable;

/**
 * Compares two results of landscape4j, point by point and bit for bit: two slices ({@code surface}, {@code
 * interpolate}) or two eigenvalue maps ({@code NAME.eigen.arrows}), whatever their row order. Prints one line;
 * exit code 0 if every point's values are the same bits, 1 if not, 2 if a file cannot be read.
 *
 * <pre>{@code java -cp "cli/target/landscape4j-cli.jar:cli/target/lib/*" scripts/CompareResults.java A.arrows B.arrows}</pre>
 */
public class CompareResults {

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: CompareResults A.arrows B.arrows");
            System.exit(2);
        }
        List<? extends GridPoint> a;
        List<? extends GridPoint> b;
        try {
            a = read(Path.of(args[0]));
            b = read(Path.of(args[1]));
        } catch (RunFormatException e) {
            System.out.println("cannot compare: " + e.getMessage());
            System.exit(2);
            return;
        }
        Comparator<GridPoint> order = Comparator.comparingInt(GridPoint::j).thenComparingInt(GridPoint::i);
        List<GridPoint> x = new ArrayList<>(a);
        List<GridPoint> y = new ArrayList<>(b);
        x.sort(order);
        y.sort(order);
        String name = Path.of(args[1]).getFileName().toString();
        if (x.size() != y.size()) {
            System.out.println(name + ": DIFFERENT, " + x.size() + " points vs " + y.size());
            System.exit(1);
        }
        for (int k = 0; k < x.size(); k++) {
            if (!x.get(k).equals(y.get(k))) {          // records of doubles: equal bits (NaN equal to NaN)
                System.out.println(name + ": DIFFERENT at point " + k + ": " + x.get(k) + " vs " + y.get(k));
                System.exit(1);
            }
        }
        System.out.println(name + ": the same bits at all " + x.size() + " points");
    }

    private static List<? extends GridPoint> read(Path file) throws Exception {
        try {
            return SliceTable.read(file);
        } catch (RunFormatException notASlice) {
            return CurvatureMap.read(file);
        }
    }
}
