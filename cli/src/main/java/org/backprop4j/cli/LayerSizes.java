package org.backprop4j.cli;

import java.util.Arrays;
import java.util.Locale;

/**
 * {@code --layers}: the width of every layer, inputs first, e.g. {@code 784,256,128,10}. The first
 * and the last entry may be {@code auto}: the number of features, and the number of classes (or
 * target columns) of the training data.
 *
 * @param sizes the widths; {@link #AUTO} for auto
 */
record LayerSizes(int[] sizes) {
    /** Marks an {@code auto} entry. */
    static final int AUTO = -1;

    LayerSizes {
        sizes = sizes.clone();
    }

    /**
     * Parses the option value.
     *
     * @throws IllegalArgumentException naming the bad entry
     */
    static LayerSizes parse(String text) {
        String[] parts = text.trim().split("\\s*,\\s*");
        if (parts.length < 2)
            throw new IllegalArgumentException("--layers '" + text + "': give at least the inputs and the outputs,"
                    + " e.g. 784,128,10");
        int[] s = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].toLowerCase(Locale.ROOT);
            if (p.equals("auto")) {
                if (i != 0 && i != parts.length - 1)
                    throw new IllegalArgumentException("--layers '" + text + "': only the first (inputs) and the last"
                            + " (outputs) entry may be auto, entry " + (i + 1) + " is");
                s[i] = AUTO;
                continue;
            }
            try {
                s[i] = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--layers '" + text + "': entry " + (i + 1) + " '" + parts[i]
                        + "' is not a whole number or auto");
            }
            if (s[i] < 1)
                throw new IllegalArgumentException("--layers '" + text + "': entry " + (i + 1) + " is " + s[i]
                        + "; every layer needs at least 1 " + (i == 0 ? "input" : "neuron"));
        }
        return new LayerSizes(s);
    }

    int inputs() { return sizes[0]; }

    int outputs() { return sizes[sizes.length - 1]; }

    /** Number of dense layers. */
    int layers() { return sizes.length - 1; }

    /** The width of dense layer l (1-based). */
    int width(int l) { return sizes[l]; }

    /** The sizes with auto entries resolved (−1 given here keeps auto). */
    LayerSizes resolve(int inputs, int outputs) {
        int[] s = sizes.clone();
        if (s[0] == AUTO) s[0] = inputs;
        if (s[s.length - 1] == AUTO) s[s.length - 1] = outputs;
        return new LayerSizes(s);
    }

    boolean hasAuto() {
        return sizes[0] == AUTO || sizes[sizes.length - 1] == AUTO;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LayerSizes && Arrays.equals(sizes, ((LayerSizes) o).sizes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sizes);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < sizes.length; i++) b.append(i > 0 ? "," : "").append(sizes[i] == AUTO ? "auto" : Integer.toString(sizes[i]));
        return b.toString();
    }
}
