package org.phonerescue.servers;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.phonerescue.servers.event.ServerEvent;
import org.phonerescue.servers.event.ServerEventListener;

/**
 * The listeners of one or more servers. Delivers each event to every listener; a listener that
 * throws is logged and does not stop the others or the transfer.
 */
public final class ServerEventListeners implements ServerEventListener {

    private static final Logger LOG = Logger.getLogger(ServerEventListeners.class.getName());

    private final List<ServerEventListener> listeners = new CopyOnWriteArrayList<>();

    public void add(ServerEventListener listener) {
        listeners.add(listener);
    }

    public void remove(ServerEventListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void onEvent(ServerEvent event) {
        for (ServerEventListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "server event listener failed on " + event, e);
            }
        }
    }
}
