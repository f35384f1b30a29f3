package org.phonerescue.core.pcap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Opens a capture file with the reader its magic number calls for. */
final class CaptureReaders {

    private CaptureReaders() {
    }

    static CaptureReader open(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new CaptureFormatException(file + " is a directory, not a capture file", 0);
        }
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
        FileInput in = new FileInput(file);
        try {
            CaptureReader reader = open(in, file);
            in = null;
            return reader;
        } finally {
            if (in != null) {
                in.close();
            }
        }
    }

    private static CaptureReader open(FileInput in, Path file) throws IOException {
        if (!in.require(4)) {
            throw new CaptureFormatException(in.available() == 0 ? "the file is empty"
                    : "the file is too short to be a capture (" + in.available() + " bytes)", 0);
        }
        int magic = ByteOrderAccess.BIG.s32(in.array(), in.index());
        if (magic == PcapngReader.SHB) {
            return PcapngReader.open(in);
        }
        int swapped = Integer.reverseBytes(magic);
        if (magic == PcapReader.MAGIC_MICROS || magic == PcapReader.MAGIC_NANOS
                || swapped == PcapReader.MAGIC_MICROS || swapped == PcapReader.MAGIC_NANOS) {
            return PcapReader.open(in);
        }
        if ((magic & 0xFFFFFF00) == 0x1F8B0800) {
            throw new CaptureFormatException("the file is gzip-compressed: decompress it first (gunzip)", 0);
        }
        throw new CaptureFormatException("not a pcap or pcapng capture file (it starts with bytes "
                + String.format("%08x", magic) + ")", 0);
    }
}
