package org.phonerescue.core.decode.tftp;

import org.phonerescue.core.protocol.tftp.TftpOpcode;

/**
 * The Info column of DATA and ACK datagrams ("Data Packet, Block: 17"), made once per opcode and
 * block number for a capture: every transfer repeats the same block numbers, and making the text
 * per datagram was a good part of decoding one. Bounded by the 16-bit block number (RFC 1350
 * §5): at most 2 × 65,536 texts.
 */
final class BlockInfoTexts {

    private static final int BLOCKS = 1 << 16;

    private String[] data;
    private String[] ack;

    /** The Info text of a DATA or ACK datagram that is not a transfer's last. */
    String text(TftpOpcode op, int block) {
        String[] texts;
        if (op == TftpOpcode.DATA) {
            texts = data != null ? data : (data = new String[BLOCKS]);
        } else {
            texts = ack != null ? ack : (ack = new String[BLOCKS]);
        }
        String text = texts[block];
        if (text == null) {
            text = op.displayName() + ", Block: " + block;
            texts[block] = text;
        }
        return text;
    }
}
