package io.khidma.build;

import org.openapitools.codegen.languages.JavaJAXRSSpecServerCodegen;

/**
 * OpenAPI Generator's {@code jaxrs-spec}, which the modules generate their server interfaces with,
 * without the donation banner the stock generator prints to standard output after every run.
 */
public class QuietJaxRsSpecCodegen extends JavaJAXRSSpecServerCodegen {

    @Override
    public void postProcess() {
        // The stock generator prints its banner here and does nothing else.
    }
}
