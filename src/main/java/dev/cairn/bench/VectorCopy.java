package dev.cairn.bench;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Streams {@code (bigint, vector)} rows into a binary COPY: a million 384-d vectors travel as
 * 1.5 GB of floats rather than about 4 GB of text, and the server parses nothing. The layout is
 * PostgreSQL's binary COPY (a header, per row a field count and length-prefixed fields, a -1
 * trailer) with pgvector's {@code vector_recv} format for the vector: int16 dimension, int16 zero,
 * then big-endian float4 components.
 */
final class VectorCopy implements AutoCloseable {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};

    private final CopyIn copy;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
    private boolean finished;

    private VectorCopy(CopyIn copy) {
        this.copy = copy;
    }

    /** Starts {@code COPY table (id, embedding) FROM STDIN (FORMAT BINARY)}; {@code table} is our own name. */
    static VectorCopy start(Connection connection, String table) throws SQLException {
        VectorCopy writer = new VectorCopy(connection.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY " + table + " (id, embedding) FROM STDIN (FORMAT BINARY)"));
        writer.buffer.put(SIGNATURE).putInt(0).putInt(0);
        return writer;
    }

    /** One row: the id and the vector in pgvector's binary form. */
    void row(long id, float[] vector) throws SQLException {
        int need = 2 + 12 + 4 + 4 + 4 * vector.length;
        if (buffer.remaining() < need) {
            drain();
        }
        buffer.putShort((short) 2).putInt(8).putLong(id);
        encode(buffer, vector);
    }

    /** A vector field, length prefix included, as pgvector's {@code vector_recv} reads it. */
    static void encode(ByteBuffer out, float[] vector) {
        out.putInt(4 + 4 * vector.length).putShort((short) vector.length).putShort((short) 0);
        for (float f : vector) {
            out.putFloat(f);
        }
    }

    long finish() throws SQLException {
        if (buffer.remaining() < 2) {
            drain();
        }
        buffer.putShort((short) -1);
        drain();
        finished = true;
        return copy.endCopy();
    }

    @Override
    public void close() throws SQLException {
        if (!finished && copy.isActive()) {
            copy.cancelCopy();
        }
    }

    private void drain() throws SQLException {
        if (buffer.position() > 0) {
            copy.writeToCopy(buffer.array(), 0, buffer.position());
            buffer.clear();
        }
    }
}
