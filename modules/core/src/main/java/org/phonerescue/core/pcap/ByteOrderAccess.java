package org.phonerescue.core.pcap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Reads fixed-width integers from a byte array in one of the two byte orders a capture can use. */
final class ByteOrderAccess {

    static final ByteOrderAccess BIG = new ByteOrderAccess(ByteOrder.BIG_ENDIAN);
    static final ByteOrderAccess LITTLE = new ByteOrderAccess(ByteOrder.LITTLE_ENDIAN);

    private final VarHandle shorts;
    private final VarHandle ints;
    private final VarHandle longs;

    private ByteOrderAccess(ByteOrder order) {
        this.shorts = MethodHandles.byteArrayViewVarHandle(short[].class, order);
        this.ints = MethodHandles.byteArrayViewVarHandle(int[].class, order);
        this.longs = MethodHandles.byteArrayViewVarHandle(long[].class, order);
    }

    int u16(byte[] b, int p) {
        return (short) shorts.get(b, p) & 0xFFFF;
    }

    int s32(byte[] b, int p) {
        return (int) ints.get(b, p);
    }

    long u32(byte[] b, int p) {
        return (int) ints.get(b, p) & 0xFFFFFFFFL;
    }

    long s64(byte[] b, int p) {
        return (long) longs.get(b, p);
    }

    void put16(byte[] b, int p, int v) {
        shorts.set(b, p, (short) v);
    }

    void put32(byte[] b, int p, int v) {
        ints.set(b, p, v);
    }

    void put64(byte[] b, int p, long v) {
        longs.set(b, p, v);
    }
}
