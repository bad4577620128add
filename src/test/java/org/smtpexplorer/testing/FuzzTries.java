package org.smtpexplorer.testing;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Fuzzing on demand: {@code -Dsmtpx.fuzz.tries=N} runs every property of a class carrying
 * {@code @AddLifecycleHook(FuzzTries.class)} N times instead of its bounded default. The seed stays fixed, so a
 * longer run extends the default one and any failure it finds can be replayed.
 */
public final class FuzzTries implements AroundPropertyHook {
    public static final String PROPERTY = "smtpx.fuzz.tries";

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        Integer tries = Integer.getInteger(PROPERTY);
        if (tries != null) {
            context.attributes().setTries(tries);
        }
        return property.execute();
    }

    /** Added on a class, the hook applies to each of its properties, not to the class alone. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }
}
