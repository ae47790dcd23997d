package org.oncofhir.ig;

import java.time.Duration;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The implementation guide at {@code /ig/}: the pages and the FHIR package ({@code /ig/package.tgz}) the build
 * wrote into the jar. Public, like any published guide: they describe the profiles, never patient data.
 */
@Configuration
public class ImplementationGuidePages implements WebMvcConfigurer {

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/ig/**")
                .addResourceLocations("classpath:/oncofhir/ig/")
                .setCacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePublic());
    }

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/ig", "/ig/");
        registry.addViewController("/ig/").setViewName("forward:/ig/index.html");
    }
}
