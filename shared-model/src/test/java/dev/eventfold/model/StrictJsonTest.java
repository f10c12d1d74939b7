package dev.eventfold.model;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Event JSON is read strictly: one value, no duplicate names, well-formed UTF-8 only (RFC 8259, RFC 3629). */
class StrictJsonTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] withRaw(String before, int[] raw, String after) {
        byte[] a = utf8(before);
        byte[] b = utf8(after);
        byte[] out = new byte[a.length + raw.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        for (int i = 0; i < raw.length; i++) {
            out[a.length + i] = (byte) raw[i];
        }
        System.arraycopy(b, 0, out, a.length + raw.length, b.length);
        return out;
    }

    @Test
    void readsOneObject() {
        assertThat(EventCodec.readTree(utf8("{\"a\":\"\u20AC\uD83D\uDE00\"}")).get("a").asText()).isEqualTo("\u20AC\uD83D\uDE00");
    }

    @Test
    void twoTopLevelValuesAreRefused() {
        assertThatThrownBy(() -> EventCodec.readTree(utf8("{\"a\":1} {\"b\":2}")))
                .isInstanceOf(ValidationException.class).hasMessageContaining("not valid JSON");
    }

    @Test
    void trailingContentIsRefused() {
        assertThatThrownBy(() -> EventCodec.readTree(utf8("{\"a\":1}x"))).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> EventCodec.readTree(utf8("[1]]"))).isInstanceOf(ValidationException.class);
    }

    @Test
    void duplicateMemberNamesAreRefusedAtEveryLevel() {
        assertThatThrownBy(() -> EventCodec.readTree(utf8("{\"id\":\"1\",\"id\":\"2\"}")))
                .isInstanceOf(ValidationException.class).hasMessageContaining("Duplicate");
        assertThatThrownBy(() -> EventCodec.readTree(utf8("{\"data\":{\"n\":1,\"n\":2}}")))
                .isInstanceOf(ValidationException.class).hasMessageContaining("Duplicate");
    }

    @Test
    void syntaxErrorsNameWhereTheyAre() {
        assertThatThrownBy(() -> EventCodec.readTree(utf8("{\"id\":\"1\",\"id\":\"2\"}")))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.violations()).extracting(Violation::field).containsExactly("id"));
        assertThatThrownBy(() -> EventCodec.readTree(utf8("[{\"a\":1},{\"data\":{\"n\":1,\"n\":2}}]")))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.violations()).extracting(Violation::field).containsExactly("[1].data.n"));
        assertThatThrownBy(() -> EventCodec.readTree(utf8("{\"a\":1} 2")))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.violations()).extracting(Violation::field).containsExactly(""));
    }

    @Test
    void overlongUtf8IsRefused() {
        // C0 80: an overlong NUL; C0 AF: an overlong '/'; E0 80 AF: a three-byte overlong '/'
        for (int[] raw : new int[][]{{0xC0, 0x80}, {0xC0, 0xAF}, {0xE0, 0x80, 0xAF}}) {
            assertThatThrownBy(() -> EventCodec.readTree(withRaw("{\"a\":\"", raw, "\"}")))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("UTF-8");
        }
    }

    @Test
    void invalidUtf8IsRefused() {
        // a lone continuation byte, a truncated sequence, an encoded surrogate, a code point above U+10FFFF, 0xFF
        for (int[] raw : new int[][]{{0x80}, {0xE2, 0x82}, {0xED, 0xA0, 0x80}, {0xF4, 0x90, 0x80, 0x80}, {0xFF}}) {
            assertThatThrownBy(() -> EventCodec.readTree(withRaw("{\"a\":\"", raw, "\"}")))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("UTF-8");
        }
    }

    @Test
    void loneSurrogateEscapesParseButFailValidation() {
        var event = EventCodec.readTree(utf8("{\"specversion\":\"1.0\",\"id\":\"e\",\"source\":\"/s\",\"type\":\""
                + EventType.USER_CREATED.type() + "\",\"subject\":\"u\",\"data\":{\"name\":\"\\ud800\","
                + "\"email\":\"a@example.com\",\"roles\":[]}}"));

        assertThat(EventCodec.forClients(EventCodec.DEFAULT_MAX_DATA_BYTES).validate(event))
                .extracting(Violation::field).containsExactly("data.name");
    }

    @Test
    void emptyBodyIsRefused() {
        assertThatThrownBy(() -> EventCodec.readTree(new byte[0])).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> EventCodec.readTree(utf8("   "))).isInstanceOf(ValidationException.class);
    }
}
