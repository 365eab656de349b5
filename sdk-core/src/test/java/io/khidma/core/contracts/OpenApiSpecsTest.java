package io.khidma.core.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.khidma.core.testing.OpenApiSpecs;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpenApiSpecsTest {

    @ParameterizedTest
    @ValueSource(strings = {"platform.yaml", "identity.yaml", "catalogue.yaml"})
    void theContractIsValidOpenApi303WithoutWarnings(String name) {
        assertThat(OpenApiSpecs.problems(Path.of("src/main/openapi", name))).isEmpty();
    }
}
