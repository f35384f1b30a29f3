package org.phonerescue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.pcap.CapturedPacket;
import org.phonerescue.core.pcap.LinkType;
import org.phonerescue.core.pcap.PcapWriter;

/**
 * {@code phonerescue diagnose} from the built jar reads what transfers carried, as the file checks
 * need it: a truncated SPA image and a packing list whose listed file is refused. The file saved
 * by {@code --extract} is what {@code check-image} then judges the same way.
 */
class DiagnoseFileChecksJarIT {

    @TempDir
    Path dir;

    /** A TFTP download of {@code content} from the server to the phone's {@code port}, block by block. */
    static void download(List<byte[]> frames, int port, String file, byte[] content) {
        frames.add(DiagnoseJarIT.udp(DiagnoseJarIT.PHONE_MAC, DiagnoseJarIT.SERVER_MAC, DiagnoseJarIT.PHONE_IP,
                DiagnoseJarIT.SERVER_IP, port, 69, DiagnoseJarIT.tftp(1, file, "octet")));
        for (int n = 1; (n - 1) * 512 <= content.length; n++) {
            byte[] block = Arrays.copyOfRange(content, (n - 1) * 512, Math.min(content.length, n * 512));
            byte[] data = new byte[4 + block.length];
            data[1] = 3;
            data[2] = (byte) (n >>> 8);
            data[3] = (byte) n;
            System.arraycopy(block, 0, data, 4, block.length);
            frames.add(DiagnoseJarIT.udp(DiagnoseJarIT.SERVER_MAC, DiagnoseJarIT.PHONE_MAC, DiagnoseJarIT.SERVER_IP,
                    DiagnoseJarIT.PHONE_IP, 40000 + port % 1000, port, data));
            frames.add(DiagnoseJarIT.udp(DiagnoseJarIT.PHONE_MAC, DiagnoseJarIT.SERVER_MAC, DiagnoseJarIT.PHONE_IP,
                    DiagnoseJarIT.SERVER_IP, port, 40000 + port % 1000, DiagnoseJarIT.tftp(4, n)));
        }
    }

    Path write(String name, List<byte[]> frames) throws Exception {
        Path file = dir.resolve(name);
        try (PcapWriter w = PcapWriter.create(file, LinkType.ETHERNET)) {
            for (int i = 0; i < frames.size(); i++) {
                w.write(new CapturedPacket(i + 1, 1_700_000_000L + i / 100, (i % 100) * 10_000_000, frames.get(i).length,
                        LinkType.ETHERNET, 0, frames.get(i), null, 0));
            }
        }
        return file;
    }

    @Test
    void aTruncatedImageInACaptureIsCorruptAndItsExtractedCopySaysWhy() throws Exception {
        byte[] image = SpaImageFile.build("7.4.9c", "module ".repeat(400).getBytes(StandardCharsets.US_ASCII));
        List<byte[]> frames = new ArrayList<>();
        download(frames, 50000, "spa50x-30x-7-4-9c.bin", Arrays.copyOf(image, image.length - 300));
        Path capture = write("cut.pcap", frames);
        PhoneRescueJar.Run r = PhoneRescueJar.run("diagnose", capture.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("Verdict: image-corrupt"), r.out());
        assertTrue(r.out().contains("truncated, 300 bytes missing"), r.out());

        Path files = dir.resolve("files");
        assertEquals(0, PhoneRescueJar.run("diagnose", "--extract", files.toString(), capture.toString()).exit());
        PhoneRescueJar.Run check = PhoneRescueJar.run("check-image", files.resolve("1-spa50x-30x-7-4-9c.bin").toString());
        assertEquals(1, check.exit(), check.out());
        assertTrue(check.out().contains("truncated, 300 bytes missing"), check.out());

        List<byte[]> whole = new ArrayList<>();
        download(whole, 50000, "spa50x-30x-7-4-9c.bin", image);
        PhoneRescueJar.Run fine = PhoneRescueJar.run("diagnose", write("whole.pcap", whole).toString());
        assertTrue(!fine.out().contains("image-corrupt"), fine.out());
    }

    @Test
    void aListedImageTheServerRefusesIsLoadsFileMissing() throws Exception {
        List<byte[]> frames = new ArrayList<>();
        download(frames, 50000, "term61.default.loads", ("# RELEASE load version 9-4-2ES26\r\n\r\n"
                + "jar41sccp.9-4-2ES26.sbn\r\ncnu41.9-4-2ES26.sbn\r\n").getBytes(StandardCharsets.US_ASCII));
        download(frames, 50001, "jar41sccp.9-4-2ES26.sbn", new byte[700]);
        frames.add(DiagnoseJarIT.udp(DiagnoseJarIT.PHONE_MAC, DiagnoseJarIT.SERVER_MAC, DiagnoseJarIT.PHONE_IP,
                DiagnoseJarIT.SERVER_IP, 50002, 69, DiagnoseJarIT.tftp(1, "cnu41.9-4-2ES26.sbn", "octet")));
        frames.add(DiagnoseJarIT.udp(DiagnoseJarIT.SERVER_MAC, DiagnoseJarIT.PHONE_MAC, DiagnoseJarIT.SERVER_IP,
                DiagnoseJarIT.PHONE_IP, 40002, 50002, DiagnoseJarIT.tftp(5, 1, "File not found")));
        PhoneRescueJar.Run r = PhoneRescueJar.run("diagnose", "--json", write("loads.pcap", frames).toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("\"verdict\": \"loads-file-missing\""), r.out());
        assertTrue(r.out().contains("The server refused one of them: 'cnu41.9-4-2ES26.sbn' (ERROR 1"), r.out());
    }
}
