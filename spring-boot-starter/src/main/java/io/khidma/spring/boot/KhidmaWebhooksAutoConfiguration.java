package io.khidma.spring.boot;

import io.khidma.core.events.WebhookVerifier;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * In a Spring MVC application with a {@link WebhookVerifier}, handler parameters of type {@link
 * io.khidma.core.events.WebhookMessage} are verified deliveries ({@link WebhookArgumentResolver}).
 */
@AutoConfiguration(after = KhidmaAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(WebMvcConfigurer.class)
@ConditionalOnBean(WebhookVerifier.class)
public class KhidmaWebhooksAutoConfiguration {

    @Bean
    WebMvcConfigurer khidmaWebhookArguments(WebhookVerifier verifier) {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new WebhookArgumentResolver(verifier));
            }
        };
    }
}
