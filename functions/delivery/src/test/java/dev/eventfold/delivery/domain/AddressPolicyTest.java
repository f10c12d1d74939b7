package dev.eventfold.delivery.domain;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

class AddressPolicyTest {

    private static final AddressPolicy STRICT = new AddressPolicy(false, false, false);

    private static String problem(AddressPolicy policy, String address) throws Exception {
        return policy.addressProblem(InetAddress.getByName(address));
    }

    @Test
    void refusesEveryNonPublicRange() throws Exception {
        for (String address : new String[]{"127.0.0.1", "::1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.1.1",
                "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "fe80::1", "fc00::1", "fd12::1",
                "::ffff:10.0.0.1", "169.254.169.254", "fd00:ec2::254", "100.100.100.200"}) {
            assertThat(problem(STRICT, address)).as(address).isNotNull();
        }
        assertThat(problem(STRICT, "93.184.216.34")).isNull();
        assertThat(problem(STRICT, "2606:4700::1111")).isNull();
    }

    @Test
    void configurationAllowsLoopbackOrPrivateButNeverMetadata() throws Exception {
        AddressPolicy loopback = new AddressPolicy(true, false, false);
        assertThat(problem(loopback, "127.0.0.1")).isNull();
        assertThat(problem(loopback, "10.0.0.1")).isNotNull();
        AddressPolicy privateToo = new AddressPolicy(true, true, false);
        assertThat(problem(privateToo, "10.0.0.1")).isNull();
        assertThat(problem(privateToo, "169.254.169.254")).contains("metadata");
    }

    @Test
    void onlyHttpsUnlessHttpIsAllowed() {
        assertThat(STRICT.urlProblem("https://hooks.example.com/in")).isNull();
        assertThat(STRICT.urlProblem("http://hooks.example.com/in")).contains("https");
        assertThat(new AddressPolicy(false, false, true).urlProblem("http://hooks.example.com/in")).isNull();
        assertThat(STRICT.urlProblem("ftp://hooks.example.com/")).isNotNull();
        assertThat(STRICT.urlProblem("https://user:pw@hooks.example.com/")).contains("credentials");
        assertThat(STRICT.urlProblem("not a url")).isNotNull();
    }
}
