package org.backprop4j.data;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The header (or the column count of a headerless file) and the data rows, field counts checked. */
final class CsvRows implements Closeable {
    final CsvParser parser;
    final boolean header;
    final List<String> names;
    final int headerLine;
    private List<String> pending;
    private int line;

    CsvRows(Path file, CsvOptions o) throws IOException {
        parser = CsvParser.open(file, o.delimiter());
        header = o.header();
        try {
            List<String> first = parser.next();
            if (first == null)
                throw parser.error(parser.nextLine(), "expected " + (header ? "a header line" : "a data row")
                        + ", got the end of the file (the file is empty)");
            headerLine = parser.line();
            List<String> ns = new ArrayList<>(first.size());
            if (header) {
                Map<String, Integer> seen = new HashMap<>();
                for (int i = 0; i < first.size(); i++) {
                    String name = first.get(i).strip();
                    Integer before = seen.put(name, i);
                    if (before != null)
                        throw parser.error(headerLine, "column name " + Numbers.quote(name) + " appears twice (index "
                                + before + " and index " + i + "); column names must be unique");
                    ns.add(name);
                }
            } else {
                for (int i = 0; i < first.size(); i++) ns.add(Integer.toString(i));
                pending = new ArrayList<>(first);
            }
            names = List.copyOf(ns);
        } catch (IOException | RuntimeException e) {
            parser.close();
            throw e;
        }
    }

    /** The next data row (a list reused by the next call), or null at the end of the file. */
    List<String> next() throws IOException {
        if (pending != null) {
            List<String> r = pending;
            pending = null;
            line = headerLine;
            return r;
        }
        List<String> r = parser.next();
        if (r == null) return null;
        line = parser.line();
        if (r.size() != names.size())
            throw parser.error(line, r.size() + " fields, expected " + names.size()
                    + (header ? " (as in the header)" : " (as in the first row, line " + headerLine + ")"));
        return r;
    }

    /** The line where the current row starts. */
    int line() { return line; }

    /** The line where field j of the current row starts. */
    int fieldLine(int j) { return parser.fieldLine(j); }

    /** {@code column "name" (index j)}. */
    String column(int j) {
        return "column " + Numbers.quote(names.get(j)) + " (index " + j + ")";
    }

    DataFormatException error(int atLine, String detail) {
        return parser.error(atLine, detail);
    }

    DataFormatException notANumber(int j, String v) {
        return error(fieldLine(j), column(j) + ": expected a number, got " + Numbers.quote(v));
    }

    DataFormatException emptyLabel(int j) {
        return error(fieldLine(j), column(j) + ": expected a class label, got an empty field");
    }

    DataFormatException noRows() {
        return error(parser.nextLine(), "expected data rows after the header, got the end of the file (the file has"
                + " a header only)");
    }

    DataFormatException allDropped(int dropped) {
        return new DataFormatException(parser.file(), DataFormatException.NO_OFFSET, "all " + dropped + " data rows"
                + " hold a missing, NaN or infinite value and were dropped (non-finite policy drop); nothing is left");
    }

    /**
     * Applies the policy to a non-finite value of column j: throws under REFUSE (and for a target
     * under IMPUTE); true when the row is to be dropped; false when the value is to be imputed.
     */
    boolean nonFinite(int j, String v, boolean target, NonFinitePolicy p) throws DataFormatException {
        if (p == NonFinitePolicy.DROP) return true;
        if (target)
            throw error(fieldLine(j), column(j) + ": target " + describe(v) + " refused; targets are never imputed,"
                    + " the non-finite policy drop skips such rows");
        if (p == NonFinitePolicy.REFUSE)
            throw error(fieldLine(j), column(j) + ": " + describe(v) + " refused; the non-finite policy drop skips"
                    + " such rows, impute fills the column's training mean");
        return false;
    }

    /** What a non-finite field holds, for messages. */
    static String describe(String v) {
        if (v.isEmpty()) return "a missing value (empty field)";
        double x = Numbers.parse(v);
        return Double.isNaN(x) ? "NaN" : "the infinite value " + Numbers.quote(v);
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
