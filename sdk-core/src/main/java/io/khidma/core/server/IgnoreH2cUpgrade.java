package io.khidma.core.server;

import java.io.IOException;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.FilterChainEvent;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpEvents;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;

/**
 * Serves {@code Upgrade: h2c} requests as the plain HTTP/1.1 requests they also are.
 *
 * <p>The JDK {@code HttpClient} (and curl with {@code --http2}) asks to upgrade every cleartext
 * request to HTTP/2. Grizzly without its HTTP/2 add-on marks such a request as "upgraded": it
 * stops reading the body by its {@code Content-Length}, so a POST hangs until the read times out,
 * and it closes the connection afterwards. RFC 9110 (section 7.8) lets a server ignore {@code
 * Upgrade}; this add-on does, before Grizzly acts on it, so integrators' default clients just work.
 */
final class IgnoreH2cUpgrade implements AddOn {

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder chain) {
        int codec = chain.indexOfType(HttpServerFilter.class);
        chain.add(codec + 1, new BaseFilter() {
            @Override
            public NextAction handleEvent(FilterChainContext ctx, FilterChainEvent event) throws IOException {
                if (event.type() == HttpEvents.IncomingHttpUpgradeEvent.TYPE) {
                    var header = ((HttpEvents.IncomingHttpUpgradeEvent) event).getHttpHeader();
                    if ("h2c".equalsIgnoreCase(header.getUpgrade())) {
                        header.getUpgradeDC().recycle();
                        header.setIgnoreContentModifiers(false);
                        header.getHeaders().removeHeader("Upgrade");
                        header.getHeaders().removeHeader("HTTP2-Settings");
                        return ctx.getStopAction();
                    }
                }
                return ctx.getInvokeAction();
            }
        });
    }
}
