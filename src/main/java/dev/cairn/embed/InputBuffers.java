package dev.cairn.embed;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;

/** Direct, native-order input buffers that ONNX Runtime reads in place; reused across batches. */
final class InputBuffers {
    LongBuffer ids = LongBuffer.allocate(0);
    LongBuffer mask = ids;
    LongBuffer types = ids;

    void ensure(int positions) {
        if (ids.capacity() < positions) {
            int capacity = Math.max(positions, ids.capacity() * 2);
            ids = direct(capacity);
            mask = direct(capacity);
            types = direct(capacity); // stays all zeros: every text is a single segment
        }
    }

    void fill(long[][] all, BatchPlanner.Batch batch) {
        int width = batch.paddedLength();
        int positions = batch.size() * width;
        ids.clear().limit(positions);
        mask.clear().limit(positions);
        types.clear().limit(positions);
        for (int i : batch.indices()) {
            long[] row = all[i];
            ids.put(row);
            for (int t = 0; t < row.length; t++) {
                mask.put(1L);
            }
            for (int t = row.length; t < width; t++) {
                ids.put(0L);
                mask.put(0L);
            }
        }
        ids.flip();
        mask.flip();
    }

    private static LongBuffer direct(int capacity) {
        return ByteBuffer.allocateDirect(capacity * Long.BYTES)
                .order(ByteOrder.nativeOrder())
                .asLongBuffer();
    }
}
