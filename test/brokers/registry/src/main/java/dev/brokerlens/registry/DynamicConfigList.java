package dev.brokerlens.registry;

import io.apicurio.common.apps.config.DynamicConfigPropertyList;
import java.util.List;
import javax.enterprise.context.ApplicationScoped;
import javax.enterprise.inject.Produces;

/**
 * Stands in for the build step of apicurio-common-app-components-config-index-deployment, which
 * Maven Central does not serve: the registry asks for the list of its runtime-editable settings,
 * and the tests edit none, so the list is empty.
 */
@ApplicationScoped
public class DynamicConfigList {
  @Produces
  @ApplicationScoped
  DynamicConfigPropertyList dynamicConfigPropertyList() {
    return new DynamicConfigPropertyList(List.of());
  }
}
