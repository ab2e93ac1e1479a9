package org.backprop4j.examples;

import java.util.Arrays;

/** Entry point of the examples: {@code demo} (default), {@code xor}, {@code fashion}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "demo";
        String[] rest = args.length > 0 ? Arrays.copyOfRange(args, 1, args.length) : new String[0];
        switch (what) {
            case "demo": Demo.main(rest); break;
            case "xor": QuickStart.main(rest); break;
            case "fashion": FashionMnistExample.main(rest); break;
            default:
                System.err.println("unknown example '" + what + "'; expected demo, xor or fashion");
                System.exit(2);
        }
    }
}
