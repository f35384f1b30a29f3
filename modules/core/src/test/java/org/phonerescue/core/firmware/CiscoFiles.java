package org.phonerescue.core.firmware;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Cisco 79xx files in the form the firmware packages ship them (see {@link CiscoLoads}): a
 * packing list with its signature block, and configuration files.
 */
public final class CiscoFiles {

    private CiscoFiles() {
    }

    /** A signed packing list named {@code ownName} for load version {@code version}, listing {@code images}. */
    public static byte[] loads(String ownName, String version, String... images) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        // signature block: a version byte, type-length-value fields with signer and CA names, a
        // 128-byte signature, then the file's own name with a length byte and a NUL
        b.writeBytes(new byte[] {1, 0, 2, 1, 1, 2, 0, 2, 1, (byte) 0x9c});
        field(b, 3, "CN=Test Signer;OU=Phones;O=Example");
        field(b, 4, "CN=Test CA;OU=Phones;O=Example");
        b.write(0x0c);
        long x = 0x2545F4914F6CDD1DL;
        for (int i = 0; i < 128; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            b.write((int) x);
        }
        b.write(0x0d);
        b.write(ownName.length());
        b.writeBytes(ownName.getBytes(StandardCharsets.US_ASCII));
        b.write(0);
        StringBuilder text = new StringBuilder("\r\r\r#\r\n");
        text.append("# Images requested by the phone for this load\r\n");
        text.append("# RELEASE load version ").append(version).append("\r\n#\r\n#HARDWARE_COMP_1 1\r\n\r\n");
        for (int i = 0; i < images.length; i++) {
            text.append(images[i]).append(i % 2 == 1 ? " \r\n" : "\r\n"); // some lines end in a blank
        }
        b.writeBytes(text.toString().getBytes(StandardCharsets.US_ASCII));
        return b.toByteArray();
    }

    private static void field(ByteArrayOutputStream b, int type, String value) {
        b.write(type);
        b.write(0);
        b.write(value.length() + 1);
        b.writeBytes(value.getBytes(StandardCharsets.US_ASCII));
        b.write(0);
    }

    /** The five images of a 7941/7961 SCCP load, as its packing list names them. */
    public static String[] images41(String build) {
        return new String[] {"jar41sccp." + build + ".sbn", "cnu41." + build + ".sbn", "apps41." + build + ".sbn",
            "dsp41." + build + ".sbn", "cvm41sccp." + build + ".sbn"};
    }

    /** XMLDefault.cnf.xml with a call manager and a loadInformation element per model. */
    public static String xmlDefault(String load7941, String load7961) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Default>
                  <devicePool>
                    <callManagerGroup>
                      <members>
                        <member priority="0">
                          <callManager>
                            <ports><ethernetPhonePort>2000</ethernetPhonePort></ports>
                            <processNodeName>192.168.1.10</processNodeName>
                          </callManager>
                        </member>
                      </members>
                    </callManagerGroup>
                  </devicePool>
                  <!-- one load per model -->
                  <loadInformation115 model="Cisco IP Phone 7941">%s</loadInformation115>
                  <loadInformation30018 model="Cisco IP Phone 7961">%s</loadInformation30018>
                  <authenticationURL></authenticationURL>
                </Default>
                """.formatted(load7941, load7961);
    }

    /** SEP&lt;MAC&gt;.cnf.xml naming one load. */
    public static String sep(String load) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <device>
                  <deviceProtocol>SCCP</deviceProtocol>
                  <sshUserId>cisco</sshUserId>
                  <devicePool>
                    <callManagerGroup>
                      <members>
                        <member priority="0">
                          <callManager>
                            <ports><ethernetPhonePort>2000</ethernetPhonePort></ports>
                            <processNodeName>192.168.1.10</processNodeName>
                          </callManager>
                        </member>
                      </members>
                    </callManagerGroup>
                  </devicePool>
                  <loadInformation>%s</loadInformation>
                  <userLocale><name>English_United_States</name><langCode>en_US</langCode></userLocale>
                </device>
                """.formatted(load);
    }
}
