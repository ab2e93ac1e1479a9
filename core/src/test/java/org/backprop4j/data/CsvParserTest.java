package org.backprop4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RFC 4180 reader: quoting, line ends, BOM, physical line numbers and its errors. */
class CsvParserTest {
    @TempDir
    Path dir;

    /** All records of {@code text}, each as its fields. */
    static List<List<String>> records(String text, char delimiter) throws IOException {
        List<List<String>> out = new ArrayList<>();
        try (CsvParser p = new CsvParser(new StringReader(text), "t.csv", delimiter)) {
            for (List<String> r = p.next(); r != null; r = p.next()) out.add(List.copyOf(r));
        }
        return out;
    }

    static List<List<String>> records(String text) throws IOException {
        return records(text, ',');
    }

    @Test
    void plainFieldsAndLastLineWithoutNewline() throws IOException {
        assertEquals(List.of(List.of("a", "b", "c"), List.of("1", "2", "3")), records("a,b,c\n1,2,3"));
        assertEquals(List.of(List.of("a", "b", "c"), List.of("1", "2", "3")), records("a,b,c\n1,2,3\n"));
    }

    @Test
    void quotedFieldsHoldDelimitersQuotesAndLineBreaks() throws IOException {
        String text = "name,note\n\"Smith, J.\",\"said \"\"hi\"\"\"\n\"two\nlines\",\"\"\n";
        assertEquals(List.of(List.of("name", "note"), List.of("Smith, J.", "said \"hi\""), List.of("two\nlines", "")),
                records(text));
    }

    @Test
    void crlfLoneCrAndLfAllEndLines() throws IOException {
        assertEquals(List.of(List.of("a", "b"), List.of("1", "2"), List.of("3", "4"), List.of("5", "6")),
                records("a,b\r\n1,2\r3,4\n5,6\r\n"));
        // a CRLF inside quotes is kept as it is
        assertEquals(List.of(List.of("x\r\ny", "z")), records("\"x\r\ny\",z\r\n"));
    }

    @Test
    void byteOrderMarkIsSkippedOnlyAtTheStart() throws IOException {
        assertEquals(List.of(List.of("a", "b"), List.of("\uFEFFc", "d")), records("\uFEFFa,b\n\uFEFFc,d\n"));
    }

    @Test
    void emptyLinesAreSkippedButDelimiterOnlyLinesAreRecords() throws IOException {
        assertEquals(List.of(List.of("a", "b"), List.of("", ""), List.of("1", "")), records("a,b\n\n\r\n,\n1,\n\n"));
        assertEquals(List.of(), records(""));
        assertEquals(List.of(), records("\n\n"));
    }

    @Test
    void quoteInsideAnUnquotedFieldIsKept() throws IOException {
        assertEquals(List.of(List.of("5\"", "a\"b")), records("5\",a\"b\n"));
    }

    @Test
    void otherDelimiters() throws IOException {
        assertEquals(List.of(List.of("a,b", "c"), List.of("1.5", "x;y")), records("a,b;c\n1.5;\"x;y\"\n", ';'));
        assertEquals(List.of(List.of("a", "b c"), List.of("1", "2")), records("a\tb c\n1\t2\n", '\t'));
    }

    @Test
    void fieldsAcrossTheReadBufferBoundary() throws IOException {
        // 20,000 rows of varying width cross the 64 Ki-char buffer many times; one field alone exceeds it
        StringBuilder text = new StringBuilder("i,s\n");
        String longField = "x".repeat(100_000);
        for (int i = 0; i < 20_000; i++) text.append(i).append(',').append(i % 7 == 0 ? "\"q," + i + "\"" : "v" + i).append('\n');
        text.append("-1,").append(longField).append("\r\n");
        List<List<String>> rec = records(text.toString());
        assertEquals(20_002, rec.size());
        for (int i = 0; i < 20_000; i++)
            assertEquals(List.of(Integer.toString(i), i % 7 == 0 ? "q," + i : "v" + i), rec.get(i + 1), "row " + i);
        assertEquals(List.of("-1", longField), rec.get(20_001));
    }

    @Test
    void lineNumbersArePhysicalLines() throws IOException {
        // line 1: header; 2: empty; 3-4: a record with a quoted line break; 5: a record
        String text = "a,b\n\n\"x\ny\",z\n1,2\n";
        try (CsvParser p = new CsvParser(new StringReader(text), "t.csv", ',')) {
            p.next();
            assertEquals(1, p.line());
            p.next();
            assertEquals(3, p.line());
            assertEquals(3, p.fieldLine(0));
            assertEquals(4, p.fieldLine(1));
            p.next();
            assertEquals(5, p.line());
            assertNull(p.next());
            assertEquals(6, p.nextLine());
        }
    }

    @Test
    void unterminatedQuoteNamesTheLineWhereItOpens() {
        DataFormatException e = assertThrows(DataFormatException.class, () -> records("a,b\n1,\"open\n2,3\n4,5\n"));
        assertEquals("t.csv: line 2: field 2: unterminated quote: the quoted field that opens here has no closing '\"'"
                + " before the end of the file (line 5)", e.getMessage());
    }

    @Test
    void textAfterAClosingQuoteIsAnError() {
        DataFormatException e = assertThrows(DataFormatException.class, () -> records("a,b\n\"x\"y,2\n"));
        assertEquals("t.csv: line 2: field 1: expected the delimiter \",\" or the end of the line after the closing quote,"
                + " got \"y\" (a quote inside a quoted field is written \"\")", e.getMessage());
    }

    @Test
    void bytesThatAreNotUtf8AreAnErrorWithTheirLine() throws IOException {
        Path f = dir.resolve("latin1.csv");
        Files.write(f, new byte[] {'a', ',', 'b', '\n', '1', ',', '2', '\n', 'c', 'a', 'f', (byte) 0xE9, ',', '3', '\n'});
        DataFormatException e = assertThrows(DataFormatException.class, () -> {
            try (CsvParser p = CsvParser.open(f, ',')) {
                while (p.next() != null) { /* read all */ }
            }
        });
        assertEquals(f + ": line 3: field 1: bytes that are not valid UTF-8 (or a U+FFFD replacement character);"
                + " the file must be UTF-8 encoded", e.getMessage());
    }

    @Test
    void refusesAQuoteOrLineBreakAsDelimiter() {
        assertThrows(IllegalArgumentException.class, () -> new CsvParser(new StringReader(""), "t.csv", '"'));
        assertThrows(IllegalArgumentException.class, () -> new CsvParser(new StringReader(""), "t.csv", '\n'));
    }
}
