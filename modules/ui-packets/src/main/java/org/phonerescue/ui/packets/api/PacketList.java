package org.phonerescue.ui.packets.api;

import org.phonerescue.ui.packets.PacketListTopComponent;

/** What other windows may ask of the packet list. Event dispatch thread only. */
public final class PacketList {

    private PacketList() {
    }

    /**
     * Selects frame {@code frame} (numbered from 1, as Wireshark counts) in the packet list, scrolls
     * to it and brings the list to front. A frame the list has not read yet is selected once it has.
     */
    public static void showFrame(long frame) {
        PacketListTopComponent.showFrame(frame);
    }
}
