package org.phonerescue.servers.event;

/**
 * Receives server events. Called on the server's network threads, one event at a time per
 * transfer: return quickly and hand slow work (drawing, disk) to another thread.
 */
@FunctionalInterface
public interface ServerEventListener {

    void onEvent(ServerEvent event);
}
