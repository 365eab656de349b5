package io.khidma.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An agency's Spring Boot back end, as the roads authority would write it: it takes the fees of a
 * service through unified payments and learns the outcome from a verified webhook. Everything
 * Khidma is the starter's, configured in {@code application.properties}.
 *
 * <pre>
 * java -jar examples/target/khidma-sandbox.jar            # the sandbox, on :8080
 * KHIDMA_WEBHOOK_SECRET=whsec_... java -jar examples/spring-boot/target/spring-boot-example-*.jar
 * </pre>
 */
@SpringBootApplication
public class FeePaymentApplication {

    public static void main(String[] args) {
        SpringApplication.run(FeePaymentApplication.class, args);
    }
}
