package io.khidma.core.identity.server;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class SandboxModeTest {

    @Test
    void theSandboxProviderRefusesToStartOutsideSandboxMode() {
        var previous = System.getProperty(SandboxIdentityProvider.MODE_PROPERTY);
        System.setProperty(SandboxIdentityProvider.MODE_PROPERTY, "production");
        try {
            assertThatThrownBy(() -> SandboxIdentityProvider.builder()
                            .issuer(URI.create("http://127.0.0.1:8080/identity"))
                            .build())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("only starts in sandbox mode")
                    .hasMessageContaining("KHIDMA_MODE=sandbox");
        } finally {
            if (previous == null) {
                System.clearProperty(SandboxIdentityProvider.MODE_PROPERTY);
            } else {
                System.setProperty(SandboxIdentityProvider.MODE_PROPERTY, previous);
            }
        }
    }
}
