package dev.cairn.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Writes rows to {@code COPY ... FROM STDIN (FORMAT BINARY)}: the 19-byte header, then per row a
 * field count and length-prefixed fields, then the {@code -1} trailer. Binary COPY skips text
 * parsing on the server, and a {@code vector} travels as pgvector's receive format
 * ({@code int16 dim, int16 0, float4[dim]}), four bytes a component instead of about ten as text.
 *
 * <p>Values are big-endian, as PostgreSQL's binary formats are ({@link ByteBuffer}'s default).
 * Not thread-safe; one instance per COPY. Public for {@code bench scale}, which loads its own tables.
 */
public final class BinaryCopy implements AutoCloseable {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    private static final int BUFFER_BYTES = 1 << 16;

    private final CopyIn copy;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    private boolean finished;

    private BinaryCopy(CopyIn copy) {
        this.copy = copy;
    }

    /** Starts a binary COPY; {@code sql} must be a fixed statement ending in {@code FROM STDIN (FORMAT BINARY)}. */
    public static BinaryCopy start(Connection connection, String sql) throws SQLException {
        BinaryCopy writer = new BinaryCopy(
                connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql));
        writer.buffer.put(SIGNATURE).putInt(0).putInt(0); // flags, header extension length
        return writer;
    }

    public void row(int fieldCount) throws SQLException {
        room(2);
        buffer.putShort((short) fieldCount);
    }

    void int4(int value) throws SQLException {
        room(8);
        buffer.putInt(4).putInt(value);
    }

    void int4OrNull(Integer value) throws SQLException {
        if (value == null) {
            nullField();
        } else {
            int4(value);
        }
    }

    public void int8(long value) throws SQLException {
        room(12);
        buffer.putInt(8).putLong(value);
    }

    /** Text as UTF-8. PostgreSQL text cannot hold NUL, so a stray NUL from a parser becomes U+FFFD. */
    void text(String value) throws SQLException {
        if (value == null) {
            nullField();
            return;
        }
        String safe = value.indexOf('\0') >= 0 ? value.replace('\0', '\uFFFD') : value;
        bytes(safe.getBytes(StandardCharsets.UTF_8));
    }

    void bytes(byte[] value) throws SQLException {
        room(4);
        buffer.putInt(value.length);
        put(value);
    }

    /** pgvector's binary form: int16 dimension, int16 unused (0), then the float4 components. */
    public void vector(float[] value) throws SQLException {
        if (value == null) {
            nullField();
            return;
        }
        // pgvector stops at 16,000 dimensions (64,008 bytes with the prefix): a field always fits the buffer.
        room(8 + 4 * value.length);
        encodeVector(buffer, value);
    }

    /** A vector field, length prefix included, as pgvector's {@code vector_recv} reads it. */
    public static void encodeVector(ByteBuffer out, float[] value) {
        out.putInt(4 + 4 * value.length).putShort((short) value.length).putShort((short) 0);
        for (float component : value) {
            out.putFloat(component);
        }
    }

    void nullField() throws SQLException {
        room(4);
        buffer.putInt(-1);
    }

    /** Writes the trailer and ends the COPY; returns the number of rows the server stored. */
    public long finish() throws SQLException {
        room(2);
        buffer.putShort((short) -1);
        drain();
        finished = true;
        return copy.endCopy();
    }

    /** Cancels a COPY that did not finish, so the connection can roll back and be reused. */
    @Override
    public void close() throws SQLException {
        if (!finished && copy.isActive()) {
            copy.cancelCopy();
        }
    }

    private void put(byte[] value) throws SQLException {
        int offset = 0;
        while (offset < value.length) {
            if (!buffer.hasRemaining()) {
                drain();
            }
            int n = Math.min(buffer.remaining(), value.length - offset);
            buffer.put(value, offset, n);
            offset += n;
        }
    }

    private void room(int bytes) throws SQLException {
        if (buffer.remaining() < bytes) {
            drain();
        }
    }

    private void drain() throws SQLException {
        if (buffer.position() > 0) {
            copy.writeToCopy(buffer.array(), 0, buffer.position());
            buffer.clear();
        }
    }
}
