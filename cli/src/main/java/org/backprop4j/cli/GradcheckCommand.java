package org.backprop4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.backprop4j.check.GradientCheck;
import org.backprop4j.check.GradientCheckReport;
import org.backprop4j.init.Rng;
import org.backprop4j.network.Network;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bp4j gradcheck}: compares every backpropagated gradient of a network with a finite
 * difference (org.backprop4j.check.GradientCheck) and fails (status 1) above the tolerance.
 */
@Command(name = "gradcheck", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        versionProvider = BuildInfo.VersionProvider.class,
        description = {"Check backpropagation against numerical gradients: every weight and bias of a fresh network"
                + " (or of --model) is nudged by +-epsilon and the change of the loss compared with its gradient.",
                "Exits with status 1 when the largest relative error is not below --tolerance."})
final class GradcheckCommand extends BaseCommand {

    @Mixin
    NetworkOptions.Fresh network = new NetworkOptions.Fresh();

    @Option(names = "--model", paramLabel = "FILE", order = 1, description = "Check this model instead of a fresh network.")
    Path model;

    @Option(names = "--samples", defaultValue = "3", paramLabel = "N", order = 2,
            description = "Random samples to check on (inputs uniform in [-1, 1], random targets), drawn from --seed.")
    int samples;

    @Option(names = "--input", paramLabel = "X,X,...[;X,...]", order = 3,
            description = "Check on these samples instead: one comma-separated input per sample, samples separated by ';'.")
    String input;

    @Option(names = "--target", paramLabel = "T,T,...[;T,...]", order = 4,
            description = "Targets of the --input samples (one-hot, 0/1 or real values; a single class number is"
                    + " taken as one-hot). Default: class 0 / zeros.")
    String target;

    @Option(names = "--epsilon", defaultValue = "1e-4", paramLabel = "E", order = 5,
            description = "Finite-difference step.")
    double epsilon;

    @Option(names = "--tolerance", defaultValue = "1e-7", paramLabel = "T", order = 6,
            description = "Largest relative error ||g - n|| / (||g|| + ||n||) that passes.")
    double tolerance;

    @Option(names = "--stencil", defaultValue = "five", paramLabel = "five|three", order = 7,
            description = "five-point (error O(eps^4)) or three-point (O(eps^2)) central differences.")
    String stencil;

    @Override
    public Integer call() throws IOException {
        if (!(epsilon > 0 && epsilon < 1)) throw usage("--epsilon must be in (0, 1), got " + epsilon);
        if (!(tolerance > 0)) throw usage("--tolerance must be > 0, got " + tolerance);
        GradientCheck.Stencil st;
        switch (stencil.trim().toLowerCase(Locale.ROOT)) {
            case "five": case "five_point": st = GradientCheck.Stencil.FIVE_POINT; break;
            case "three": case "three_point": st = GradientCheck.Stencil.THREE_POINT; break;
            default: throw usage("--stencil: unknown stencil '" + stencil + "'; expected five or three");
        }
        Network net = model != null ? services().modelSource().read(model).network() : network.build(this, -1, -1, 1);
        Matrix[] xt = input != null ? Samples.given(this, net, input, target) : random(net);
        if (!quiet()) out().println("network " + net.describe() + ", " + xt[0].rows() + " sample(s)");
        GradientCheckReport report;
        try {
            report = GradientCheck.run(net, xt[0], xt[1], epsilon, st);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), e);
        }
        if (!quiet()) out().print(report.format());
        double worst = report.maxRelativeError();
        if (!report.passed(tolerance)) {
            String where = "";
            for (GradientCheckReport.Entry e : report.entries())
                if (e.relativeError() == worst) { where = " (worst: " + e.layerName() + " " + e.tensor() + ")"; break; }
            throw new CliException(String.format(Locale.ROOT, "gradient check failed: max relative error %.3e is not"
                    + " below --tolerance %.1e%s", worst, tolerance, where));
        }
        out().printf(Locale.ROOT, "gradient check passed: max relative error %.3e < tolerance %.1e%n", worst, tolerance);
        return Bp4j.OK;
    }

    /** Random inputs in [-1, 1] and targets fitting the output, from Rng stream 5 of the seed. */
    private Matrix[] random(Network net) {
        if (samples < 1) throw usage("--samples must be >= 1, got " + samples);
        Rng rng = Rng.stream(network.seed, 5);
        Matrix x = Matrix.zeros(samples, net.inputs(), Precision.FLOAT64);
        Matrix t = Matrix.zeros(samples, net.outputs(), Precision.FLOAT64);
        for (int i = 0; i < x.size(); i++) x.setFlat(i, rng.uniform(-1, 1));
        String out = net.outputLayer().activation().token();
        for (int r = 0; r < samples; r++) {
            if (out.equals("softmax")) t.set(r, rng.nextInt(net.outputs()), 1.0);
            else for (int j = 0; j < net.outputs(); j++)
                t.set(r, j, out.equals("sigmoid") ? rng.nextInt(2) : rng.nextGaussian());
        }
        return new Matrix[] {x, t};
    }
}
