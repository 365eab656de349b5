package io.khidma.build;

import io.swagger.v3.oas.models.parameters.RequestBody;
import org.openapitools.codegen.CodegenParameter;
import org.openapitools.codegen.languages.JavaClientCodegen;

/**
 * OpenAPI Generator's {@code java} client generator, which the integrators' example clients are
 * generated with, without the donation banner the stock generator prints after every run, nor its
 * warning about every request body's example.
 */
public class QuietJavaClientCodegen extends JavaClientCodegen {

    @Override
    public void postProcess() {
        // The stock generator prints its banner here and does nothing else.
    }

    @Override
    public void setParameterExampleValue(CodegenParameter parameter, RequestBody body) {
        if (parameter.isModel || (parameter.isContainer && parameter.getItems().isModel)) {
            // A model body's example in the contract is JSON for readers, which Java code cannot
            // quote: the stock generator drops it with a warning and shows a constructed model;
            // this shows the same without the warning.
            setParameterExampleValue(parameter);
        } else {
            super.setParameterExampleValue(parameter, body);
        }
    }
}
