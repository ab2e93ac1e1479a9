package org.backprop4j.examples;

import java.util.Arrays;

/**
 * Entry point of the examples, by name: {@code demo} (default), {@code xor}, {@code fashion},
 * {@code regression}; the arguments after the name go to that example. {@code --help} (or
 * {@code -h}, {@code help}) prints the list.
 *
 * <pre>
 * java -cp core.jar:examples.jar org.backprop4j.examples.Main [demo|xor|fashion|regression] [ARGS...]
 * </pre>
 */
public final class Main {
    private Main() {}

    /** The usage text: each example's name, what it runs and its arguments. */
    static final String USAGE = String.join(System.lineSeparator(),
            "usage: Main [EXAMPLE [ARGS...]]",
            "examples:",
            "  demo        three spirals, a 2-32-32-3 tanh/softmax network (default)  ARGS: [epochs]",
            "  xor         the README quick start: XOR with a 2-4-1 sigmoid network",
            "  fashion     Fashion-MNIST, a 784-256-128-10 network                    ARGS: [epochs [batchSize"
                    + " [learningRate [threads]]]]",
            "  regression  two-output regression, a 2-64-64-2 network with Adam      ARGS: [epochs [seed]]");

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "demo";
        String[] rest = args.length > 0 ? Arrays.copyOfRange(args, 1, args.length) : new String[0];
        switch (what) {
            case "demo": Demo.main(rest); break;
            case "xor": QuickStart.main(rest); break;
            case "fashion": FashionMnistExample.main(rest); break;
            case "regression": RegressionExample.main(rest); break;
            case "--help": case "-h": case "help":
                System.out.println(USAGE);
                break;
            default:
                System.err.println("unknown example '" + what + "'; expected demo, xor, fashion or regression");
                System.err.println(USAGE);
                System.exit(2);
        }
    }
}
