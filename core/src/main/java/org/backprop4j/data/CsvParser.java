package org.backprop4j.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small RFC 4180 reader: records of fields separated by one delimiter character, ended by CRLF,
 * LF or a lone CR. Not API; {@link CsvLoader} gives it meaning.
 *
 * <ul>
 *   <li>A field that starts with {@code "} is quoted: it ends at the next lone {@code "}, and may hold
 *       the delimiter, line breaks and doubled quotes {@code ""} (one quote). After the closing quote
 *       comes the delimiter or the end of the line, nothing else.</li>
 *   <li>A quote inside an unquoted field is kept as a character ({@code 5"} stays {@code 5"}).</li>
 *   <li>A UTF-8 byte-order mark at the start of the file is skipped; bytes that are not UTF-8 are an
 *       error naming the line (so is a U+FFFD replacement character, which is what they decode to).</li>
 *   <li>An empty line (no character at all between two line ends) is no record and is skipped; a line
 *       holding only delimiters is a record of empty fields.</li>
 * </ul>
 * Lines are counted physically from 1, each line break (CRLF as one) ending one line, so a record
 * with a quoted line break spans several lines; {@link #line()} is the line where the current
 * record starts and {@link #fieldLine(int)} where one of its fields starts.
 */
final class CsvParser implements Closeable {
    private static final int BUFFER = 1 << 16;

    private final Reader in;
    private final String file;
    private final char delimiter;
    private final char[] buf = new char[BUFFER];
    private int pos, len;
    private boolean eof;
    /** The physical line of the next unread character. */
    private int cursorLine = 1;
    private int recordLine;
    private final List<String> fields = new ArrayList<>();
    private int[] fieldLines = new int[16];
    private final StringBuilder sb = new StringBuilder();
    /** The field that {@link #readField} read last. */
    private String field;

    CsvParser(Reader in, String file, char delimiter) {
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r')
            throw new IllegalArgumentException("csv delimiter must not be a quote or a line break, got "
                    + Numbers.quote(String.valueOf(delimiter)));
        this.in = in;
        this.file = file;
        this.delimiter = delimiter;
    }

    /** Opens a UTF-8 file; decoding errors become U+FFFD, refused by {@link #next()} with their line. */
    static CsvParser open(Path path, char delimiter) throws IOException {
        Reader r = new InputStreamReader(Files.newInputStream(path), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE));
        return new CsvParser(r, path.toString(), delimiter);
    }

    /** The file as messages name it. */
    String file() { return file; }

    /** The physical line (from 1) where the current record starts. */
    int line() { return recordLine; }

    /** The physical line where field {@code i} of the current record starts. */
    int fieldLine(int i) { return fieldLines[i]; }

    /** The line after the last one read: where a header or data would have been at end of file. */
    int nextLine() { return cursorLine; }

    /**
     * Reads the next record: its fields (a list reused by the next call), or null at the end of the
     * file. Empty lines are skipped.
     */
    List<String> next() throws IOException {
        if (pos == 0 && len == 0 && !eof) {
            fill();
            if (len > 0 && buf[0] == '\uFEFF') pos = 1;   // UTF-8 byte-order mark
        }
        int c;
        // skip empty lines
        while (true) {
            c = peek();
            if (c < 0) return null;
            if (c == '\n') { pos++; cursorLine++; continue; }
            if (c == '\r') { pos++; if (peek() == '\n') pos++; cursorLine++; continue; }
            break;
        }
        fields.clear();
        recordLine = cursorLine;
        while (true) {
            int fieldLine = cursorLine;
            boolean endOfRecord = readField(fields.size());
            if (fields.size() == fieldLines.length) fieldLines = java.util.Arrays.copyOf(fieldLines, 2 * fieldLines.length);
            fieldLines[fields.size()] = fieldLine;
            fields.add(field);
            if (endOfRecord) return fields;
        }
    }

    /** Reads one field into {@link #field}; true when it ended the record (line end or end of file). */
    private boolean readField(int index) throws IOException {
        sb.setLength(0);
        int c = peek();
        if (c == '"') {
            int openLine = cursorLine;
            pos++;
            while (true) {
                c = peek();
                if (c < 0)
                    throw error(openLine, "field " + (index + 1) + ": unterminated quote: the quoted field that opens"
                            + " here has no closing '\"' before the end of the file (line " + cursorLine + ")");
                pos++;
                if (c == '"') {
                    if (peek() == '"') { pos++; sb.append('"'); continue; }
                    break;
                }
                if (c == '\n') cursorLine++;
                else if (c == '\r') { if (peek() != '\n') cursorLine++; }
                else if (c == '\uFFFD') throw notUtf8(index);
                sb.append((char) c);
            }
            field = sb.toString();
            c = peek();
            if (c < 0) return true;
            if (c == delimiter) { pos++; return false; }
            if (c == '\n' || c == '\r') { endLine(c); return true; }
            throw error(cursorLine, "field " + (index + 1) + ": expected the delimiter " + Numbers.quote(String.valueOf(delimiter))
                    + " or the end of the line after the closing quote, got " + Numbers.quote(String.valueOf((char) c))
                    + " (a quote inside a quoted field is written \"\")");
        }
        // unquoted: scan the buffer in place, copying only at a buffer boundary
        while (true) {
            if (pos == len) {
                if (peek() < 0) { field = sb.toString(); return true; }
            }
            int start = pos;
            char d = delimiter;
            while (pos < len) {
                char ch = buf[pos];
                if (ch == d || ch == '\n' || ch == '\r' || ch == '\uFFFD') break;
                pos++;
            }
            if (pos == len) {           // the field goes on in the next buffer
                sb.append(buf, start, pos - start);
                continue;
            }
            field = sb.length() == 0 ? new String(buf, start, pos - start)
                    : sb.append(buf, start, pos - start).toString();
            char ch = buf[pos];
            if (ch == '\uFFFD') throw notUtf8(index);
            if (ch == d) { pos++; return false; }
            endLine(ch);
            return true;
        }
    }

    /** Consumes the line break starting with {@code c} (already peeked, not consumed). */
    private void endLine(int c) throws IOException {
        pos++;
        if (c == '\r' && peek() == '\n') pos++;
        cursorLine++;
    }

    private DataFormatException notUtf8(int index) {
        return error(cursorLine, "field " + (index + 1) + ": bytes that are not valid UTF-8 (or a U+FFFD replacement"
                + " character); the file must be UTF-8 encoded");
    }

    /** An error at a line of this file: {@code file: line N: detail}. */
    DataFormatException error(int line, String detail) {
        return new DataFormatException(file, DataFormatException.NO_OFFSET, "line " + line + ": " + detail);
    }

    private int peek() throws IOException {
        if (pos < len) return buf[pos];
        if (eof) return -1;
        fill();
        return pos < len ? buf[pos] : -1;
    }

    private void fill() throws IOException {
        pos = 0;
        len = 0;
        while (len == 0) {
            int r = in.read(buf, 0, buf.length);
            if (r < 0) { eof = true; return; }
            len = r;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
