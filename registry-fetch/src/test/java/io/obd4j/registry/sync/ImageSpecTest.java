package io.obd4j.registry.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageSpecTest {
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @Test
    void parsesEverySelector() throws Exception {
        ImageSpec all = ImageSpec.parse("quay.io/coreos/kube-rbac-proxy", "t");
        assertThat(all.selector()).isEqualTo(ImageSpec.Selector.ALL_TAGS);
        assertThat(all.registry()).isEqualTo("quay.io");
        assertThat(all.repository()).isEqualTo("coreos/kube-rbac-proxy");
        assertThat(all.isSingle()).isFalse();

        ImageSpec tags = ImageSpec.parse("127.0.0.1:5000/a/b:v1,v2.0,latest", "t");
        assertThat(tags.selector()).isEqualTo(ImageSpec.Selector.TAGS);
        assertThat(tags.registry()).isEqualTo("127.0.0.1:5000");
        assertThat(tags.tags()).containsExactly("v1", "v2.0", "latest");
        assertThat(ImageSpec.parse("127.0.0.1:5000/a/b:v1", "t").isSingle()).isTrue();

        ImageSpec digest = ImageSpec.parse("reg.example:443/a/b@" + DIGEST, "t");
        assertThat(digest.selector()).isEqualTo(ImageSpec.Selector.DIGEST);
        assertThat(digest.digest()).hasToString(DIGEST);
        assertThat(digest.isSingle()).isTrue();
        assertThat(digest).hasToString("reg.example:443/a/b@" + DIGEST);
    }

    @Test
    void regexTagsMustMatchWholeTagsAndMaySpanSlashes() throws Exception {
        ImageSpec re = ImageSpec.parse("reg.example/team/app:/^v1\\.[0-9]+(-rc[0-9])?$/", "t");
        assertThat(re.selector()).isEqualTo(ImageSpec.Selector.REGEX);
        assertThat(re.regexMatches("v1.2")).isTrue();
        assertThat(re.regexMatches("v1.10-rc1")).isTrue();
        assertThat(re.regexMatches("v1.2.3")).isFalse();
        assertThat(re.regexMatches("v2.0")).isFalse();
        ImageSpec partial = ImageSpec.parse("reg.example/team/app:/v1/", "t");
        assertThat(partial.regexMatches("v1")).isTrue();
        assertThat(partial.regexMatches("v10")).as("whole-tag match, not find()").isFalse();
        assertThat(ImageSpec.parse("reg.example/team/app:/a|b/c/", "t").regexMatches("b/c")).isTrue();
    }

    @Test
    void errorsNameWhereAndWhat() {
        assertThatThrownBy(() -> ImageSpec.parse("app:v1", "rules.yaml: images key"))
                .isInstanceOf(SyncRulesException.class)
                .hasMessage("rules.yaml: images key: 'app:v1': no registry (expected "
                        + "registry/repository[:tags|@digest])");
        assertThatThrownBy(() -> ImageSpec.parse("reg.example/App/x", "w")).hasMessageContaining(
                "invalid repository name 'App/x'");
        assertThatThrownBy(() -> ImageSpec.parse("reg.example/a/b:v1,,v2", "w")).hasMessageContaining(
                "invalid tag ''");
        assertThatThrownBy(() -> ImageSpec.parse("reg.example/a/b:/v(1/", "w")).hasMessageContaining(
                "invalid tag regex: Unclosed group");
        assertThatThrownBy(() -> ImageSpec.parse("reg.example/a/b@sha256:12", "w")).hasMessageContaining(
                "w: 'reg.example/a/b@sha256:12': invalid digest length");
        assertThatThrownBy(() -> ImageSpec.parse("", "w")).hasMessageContaining("empty image");
        assertThatThrownBy(() -> ImageSpec.parse("re g/a:b", "w")).hasMessageContaining("invalid registry 're g'");
    }
}
