package org.phonerescue.ui.packets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.datatransfer.DataFlavor;
import java.awt.datatransfer.Transferable;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openide.util.Lookup;
import org.openide.windows.ExternalDropHandler;

/** What a file manager drops on the main window: a file list, or RFC 2483 {@code text/uri-list}. */
class CaptureDropHandlerTest {

    @TempDir
    Path dir;

    /** A drop offering one flavour with one value. */
    private static Transferable drop(DataFlavor flavor, Object data) {
        return new Transferable() {
            @Override
            public DataFlavor[] getTransferDataFlavors() {
                return new DataFlavor[] {flavor};
            }

            @Override
            public boolean isDataFlavorSupported(DataFlavor f) {
                return flavor.equals(f);
            }

            @Override
            public Object getTransferData(DataFlavor f) {
                return data;
            }
        };
    }

    @Test
    void isRegisteredWithTheWindowSystem() {
        assertTrue(Lookup.getDefault().lookupAll(ExternalDropHandler.class).stream()
                .anyMatch(h -> h instanceof CaptureDropHandler));
    }

    @Test
    void aFileListGivesItsFirstRegularFile() throws Exception {
        Path capture = Files.copy(PacketTableModelTest.sampleCapture("tftp-rrq.pcap"), dir.resolve("a capture.pcap"));
        Transferable t = drop(DataFlavor.javaFileListFlavor, List.of(dir.toFile(), capture.toFile(), new File("/nonexistent")));
        assertEquals(capture, CaptureDropHandler.firstFile(t));
    }

    @Test
    void aUriListIsReadAsRfc2483SaysWithEscapes() throws Exception {
        Path capture = Files.copy(PacketTableModelTest.sampleCapture("tftp-rrq.pcap"), dir.resolve("a capture #1.pcap"));
        String uris = "# dropped by a file manager\r\n" + "http://example.invalid/x.pcap\r\n"
                      + capture.toUri().toASCIIString() + "\r\n";
        assertTrue(capture.toUri().toASCIIString().contains("a%20capture%20%231.pcap"), capture.toUri().toString());
        Transferable t = drop(new DataFlavor("text/uri-list;class=java.lang.String"), uris);
        assertEquals(List.of(capture), CaptureDropHandler.files(t));
        assertEquals(capture, CaptureDropHandler.firstFile(t));
    }

    @Test
    void nothingUsableGivesNothing() throws Exception {
        assertNull(CaptureDropHandler.firstFile(drop(DataFlavor.stringFlavor, "hello")));
        assertNull(CaptureDropHandler.firstFile(drop(new DataFlavor("text/uri-list;class=java.lang.String"),
                "not a uri\nfile:///nonexistent/x.pcap\n")));
    }
}
