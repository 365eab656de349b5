package io.khidma.opendata.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.khidma.core.testing.OpenApiSpecs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OpenApiSpecTest {

    @Test
    void theContractIsValidOpenApi303WithoutWarnings() {
        // Read from the build's copy, beside the platform.yaml it refers to.
        assertThat(OpenApiSpecs.problems(Path.of("target/openapi/opendata.yaml")))
                .isEmpty();
    }
}
