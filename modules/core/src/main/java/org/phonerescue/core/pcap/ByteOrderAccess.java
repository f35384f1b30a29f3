package org.phonerescue.core.pcap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads fixed-width integers from a byte array in one of the two byte orders a capture can use.
 * The view handles are static constants, so that the JIT compiles each access to a plain load:
 * a handle held in an instance field is not constant and costs a call per access (a third of
 * the reading time of a scan over millions of small packets).
 */
final class ByteOrderAccess {

    private static final VarHandle SHORTS_BE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle SHORTS_LE = MethodHandles.byteArrayViewVarHandle(short[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INTS_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONGS_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONGS_LE = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

    static final ByteOrderAccess BIG = new ByteOrderAccess(false);
    static final ByteOrderAccess LITTLE = new ByteOrderAccess(true);

    private final boolean little;

    private ByteOrderAccess(boolean little) {
        this.little = little;
    }

    int u16(byte[] b, int p) {
        return (little ? (short) SHORTS_LE.get(b, p) : (short) SHORTS_BE.get(b, p)) & 0xFFFF;
    }

    int s32(byte[] b, int p) {
        return little ? (int) INTS_LE.get(b, p) : (int) INTS_BE.get(b, p);
    }

    long u32(byte[] b, int p) {
        return s32(b, p) & 0xFFFFFFFFL;
    }

    long s64(byte[] b, int p) {
        return little ? (long) LONGS_LE.get(b, p) : (long) LONGS_BE.get(b, p);
    }

    void put16(byte[] b, int p, int v) {
        if (little) {
            SHORTS_LE.set(b, p, (short) v);
        } else {
            SHORTS_BE.set(b, p, (short) v);
        }
    }

    void put32(byte[] b, int p, int v) {
        if (little) {
            INTS_LE.set(b, p, v);
        } else {
            INTS_BE.set(b, p, v);
        }
    }

    void put64(byte[] b, int p, long v) {
        if (little) {
            LONGS_LE.set(b, p, v);
        } else {
            LONGS_BE.set(b, p, v);
        }
    }
}
