package io.khidma.build;

import org.openapitools.codegen.languages.JavaClientCodegen;

/**
 * OpenAPI Generator's {@code java} client generator, which the integrators' example clients are
 * generated with, without the donation banner the stock generator prints after every run.
 */
public class QuietJavaClientCodegen extends JavaClientCodegen {

    @Override
    public void postProcess() {
        // The stock generator prints its banner here and does nothing else.
    }
}
