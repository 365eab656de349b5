package io.khidma.core.testing;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Checks a contract the way an integrator's tooling reads it: swagger-parser, references resolved. */
public final class OpenApiSpecs {

    private OpenApiSpecs() {}

    /** Every error and warning swagger-parser reports for {@code spec}, and a version other than 3.0.3. */
    public static List<String> problems(Path spec) {
        var options = new ParseOptions();
        options.setResolve(true);
        var result = new OpenAPIV3Parser().readLocation(spec.toUri().toString(), null, options);
        var problems = new ArrayList<String>();
        if (result.getMessages() != null) {
            problems.addAll(result.getMessages());
        }
        if (result.getOpenAPI() == null) {
            problems.add(spec + " could not be read as OpenAPI");
        } else if (!"3.0.3".equals(result.getOpenAPI().getOpenapi())) {
            problems.add(spec + " is OpenAPI " + result.getOpenAPI().getOpenapi() + ", not 3.0.3");
        }
        return problems;
    }
}
