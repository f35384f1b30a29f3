package org.phonerescue.core.decode;

/**
 * The text of the addresses a capture keeps repeating (a few hosts exchange millions of packets),
 * made once each: a small direct-mapped cache in front of {@link Addresses}. Handing out the same
 * String for the same address also lets conversation lookups reuse its cached hash code. Bounded:
 * a capture with many addresses only evicts; it never grows.
 */
final class AddressTexts {

    private static final int SIZE = 1024;

    private final int[] ipv4Keys = new int[SIZE];
    private final String[] ipv4Texts = new String[SIZE];
    private final long[] macKeys = new long[SIZE];
    private final String[] macTexts = new String[SIZE];

    String ipv4(byte[] b, int p) {
        int key = ((b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
        int i = spread(key);
        String text = ipv4Texts[i];
        if (text == null || ipv4Keys[i] != key) {
            text = Addresses.ipv4(b, p);
            ipv4Keys[i] = key;
            ipv4Texts[i] = text;
        }
        return text;
    }

    String mac(byte[] b, int p) {
        long key = ((long) (b[p] & 0xFF) << 40) | ((long) (b[p + 1] & 0xFF) << 32) | ((long) (b[p + 2] & 0xFF) << 24)
                | ((b[p + 3] & 0xFF) << 16) | ((b[p + 4] & 0xFF) << 8) | (b[p + 5] & 0xFF);
        int i = spread((int) (key ^ (key >>> 32)));
        String text = macTexts[i];
        if (text == null || macKeys[i] != key) {
            text = Addresses.mac(b, p);
            macKeys[i] = key;
            macTexts[i] = text;
        }
        return text;
    }

    private static int spread(int key) {
        int h = key * 0x9E3779B9;
        return h >>> (32 - 10); // the top 10 bits: SIZE = 1024 cells
    }
}
