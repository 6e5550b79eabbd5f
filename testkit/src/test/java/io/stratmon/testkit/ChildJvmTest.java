package io.stratmon.testkit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChildJvmTest {
    @AfterEach
    void clear() {
        System.clearProperty("stratmon.test.child-jvm-opts");
    }

    @Test
    void a_child_runs_this_jvms_java_with_c1_only_and_no_explicit_gcs_before_the_callers_arguments() {
        assertThat(ChildJvm.command("-jar", "x.jar", "ship"))
                .containsExactly(ProcessHandle.current().info().command().orElseThrow(), "-XX:TieredStopAtLevel=1", "-XX:+DisableExplicitGC",
                        "-jar", "x.jar", "ship");
    }

    @Test
    void the_property_replaces_the_options_and_an_empty_one_leaves_the_jvm_defaults() {
        System.setProperty("stratmon.test.child-jvm-opts", " -Xshare:off   -XX:+UseSerialGC ");
        assertThat(ChildJvm.command("-version")).containsSequence("-Xshare:off", "-XX:+UseSerialGC", "-version").hasSize(4);
        System.setProperty("stratmon.test.child-jvm-opts", "");
        assertThat(ChildJvm.command("-version")).hasSize(2).endsWith("-version");
    }
}
