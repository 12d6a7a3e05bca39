package io.obd4j.iscsi.login;

import static org.assertj.core.api.Assertions.assertThat;

import io.obd4j.core.scsi.ScsiDevice;
import io.obd4j.iscsi.EmbeddedTarget;
import io.obd4j.iscsi.TestTargets;
import io.obd4j.iscsi.codec.Bhs;
import io.obd4j.iscsi.codec.Opcode;
import io.obd4j.iscsi.codec.Pdu;
import io.obd4j.iscsi.codec.PduBytes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoginNegotiationTest {
    private static final String IQN = "iqn.2025-01.io.obd4j.test:neg";

    @TempDir
    static Path dir;
    private static ScsiDevice device;
    private EmbeddedTarget target;

    @BeforeEach
    void start() throws Exception {
        if (device == null) {
            device = TestTargets.device(TestTargets.randomImage(dir, "neg.raw", 1 << 20, 1));
        }
        target = new EmbeddedTarget(List.of(new TargetDefinition(IQN, "alias-1", Map.of(0, device), null)), null,
            TargetLimits.defaults());
    }

    @AfterEach
    void stop() {
        target.close();
    }

    private static Map<String, String> keys(Pdu pdu) throws Exception {
        return TextParameters.parse(pdu.data()).asMap();
    }

    private Pdu security() throws Exception {
        target.send(EmbeddedTarget.login(true, 0, 1, "InitiatorName=iqn.test:i", "TargetName=" + IQN,
            "AuthMethod=None").encode());
        return target.response();
    }

    @ParameterizedTest(name = "{0}={1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "HeaderDigest|CRC32C,None|CRC32C", "HeaderDigest|None|None", "DataDigest|MD5|Reject",
        "DataDigest|None,CRC32C|None", "MaxBurstLength|1048576|1048576", "MaxBurstLength|100|Reject",
        "MaxBurstLength|abc|Reject", "FirstBurstLength|1048576|262144", "InitialR2T|No|No", "InitialR2T|Yes|Yes",
        "InitialR2T|maybe|Reject", "ImmediateData|No|No", "ImmediateData|Yes|Yes", "MaxOutstandingR2T|64|16",
        "MaxOutstandingR2T|0|Reject", "DefaultTime2Wait|0|2", "DefaultTime2Wait|5|5", "DefaultTime2Retain|20|0",
        "ErrorRecoveryLevel|2|0", "MaxConnections|4|1", "DataPDUInOrder|No|Yes", "DataSequenceInOrder|No|Yes",
        "IFMarker|Yes|No", "OFMarkInt|2048~8192|Irrelevant", "X-com.example.Foo|bar|NotUnderstood",
        "iSCSIProtocolLevel|2|1"})
    void operationalKeyTable(String key, String offered, String answer) throws Exception {
        security().release();
        target.send(EmbeddedTarget.login(false, 1, 0, key + "=" + offered).encode());
        Pdu rsp = target.response();
        assertThat(rsp.shortField(Bhs.STATUS_CLASS)).isZero();
        assertThat(keys(rsp)).containsEntry(key, answer);
        rsp.release();
    }

    @Test
    void firstResponseDeclaresPortalGroupAndAliasThenOperationalStageDeclaresLimit() throws Exception {
        Pdu first = security();
        assertThat(keys(first)).containsEntry("TargetPortalGroupTag", "1").containsEntry("TargetAlias", "alias-1")
            .containsEntry("AuthMethod", "None");
        assertThat(first.flags()).isEqualTo(0x81);
        first.release();
        target.send(EmbeddedTarget.login(true, 1, 3, "MaxRecvDataSegmentLength=65536").encode());
        Pdu last = target.response();
        assertThat(keys(last)).containsEntry("MaxRecvDataSegmentLength", "262144")
            .doesNotContainKey("TargetPortalGroupTag");
        assertThat(last.flags()).isEqualTo(0x87);
        assertThat(last.shortField(Bhs.TSIH)).isNotZero();
        last.release();
        assertThat(target.registry().size()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown target|InitiatorName=iqn.test:i~TargetName=iqn.nope|0|515",
        "no initiator name|TargetName=iqn.2025-01.io.obd4j.test:neg|0|519",
        "no target name|InitiatorName=iqn.test:i|0|519",
        "bad session type|InitiatorName=iqn.test:i~SessionType=Other|0|521",
        "unsupported version|InitiatorName=iqn.test:i~TargetName=iqn.2025-01.io.obd4j.test:neg|1|517"})
    void refusedLogins(String name, String pairs, int versionMin, int status) throws Exception {
        PduBytes req = EmbeddedTarget.login(true, 0, 1, pairs.split("~")).byteAt(Bhs.BYTE3, versionMin);
        target.send(req.encode());
        Pdu rsp = target.response();
        assertThat(rsp.opcode()).isEqualTo(Opcode.LOGIN_RESPONSE);
        assertThat(rsp.shortField(Bhs.STATUS_CLASS)).isEqualTo(status);
        rsp.release();
        assertThat(target.channel().isOpen()).isFalse();
    }

    @Test
    void continuedTextIsCollected() throws Exception {
        byte[] all = EmbeddedTarget.text("InitiatorName=iqn.test:i", "TargetName=" + IQN, "AuthMethod=None");
        int cut = 17;
        target.send(EmbeddedTarget.login(false, 0, 0).byteAt(Bhs.FLAGS, 0x40)
            .data(java.util.Arrays.copyOf(all, cut)).encode());
        Pdu partial = target.response();
        assertThat(partial.dataLength()).isZero();
        assertThat(partial.flags() & 0xc0).isZero();
        partial.release();
        target.send(EmbeddedTarget.login(true, 0, 1).data(java.util.Arrays.copyOfRange(all, cut, all.length))
            .encode());
        Pdu rsp = target.response();
        assertThat(keys(rsp)).containsEntry("AuthMethod", "None");
        rsp.release();
    }

    @Test
    void discoverySessionAnswersSendTargets() throws Exception {
        target.send(EmbeddedTarget.login(true, 0, 3, "InitiatorName=iqn.test:i", "SessionType=Discovery",
            "AuthMethod=None").encode());
        Pdu login = target.response();
        assertThat(login.shortField(Bhs.STATUS_CLASS)).isZero();
        login.release();
        target.send(PduBytes.of(Opcode.TEXT_REQUEST, 0x80).immediate().intAt(Bhs.INITIATOR_TASK_TAG, 9)
            .intAt(Bhs.TARGET_TRANSFER_TAG, -1).intAt(Bhs.CMD_SN, 1)
            .data(EmbeddedTarget.text("SendTargets=All")).encode());
        Pdu text = target.response();
        assertThat(text.opcode()).isEqualTo(Opcode.TEXT_RESPONSE);
        assertThat(text.data().toString(StandardCharsets.UTF_8))
            .isEqualTo("TargetName=" + IQN + "\0TargetAddress=127.0.0.1:3260,1\0");
        text.release();
    }

    @Test
    void chapOneWayAcceptsRightAndRefusesWrongResponse() throws Exception {
        for (boolean right : new boolean[] {true, false}) {
            EmbeddedTarget t = new EmbeddedTarget(List.of(new TargetDefinition(IQN, null, Map.of(0, device),
                ChapConfig.oneWay("alice", "secret-secret"))), null, TargetLimits.defaults());
            try {
                t.send(EmbeddedTarget.login(false, 0, 0, "InitiatorName=iqn.test:i", "TargetName=" + IQN,
                    "AuthMethod=CHAP,None").encode());
                Pdu m = t.response();
                assertThat(keys(m)).containsEntry("AuthMethod", "CHAP");
                m.release();
                t.send(EmbeddedTarget.login(false, 0, 0, "CHAP_A=7,5").encode());
                Pdu challenge = t.response();
                Map<String, String> c = keys(challenge);
                challenge.release();
                assertThat(c).containsEntry("CHAP_A", "5");
                byte[] secret = (right ? "secret-secret" : "secret-wrong!").getBytes(StandardCharsets.UTF_8);
                String r = Chap.encodeHex(Chap.response(Integer.parseInt(c.get("CHAP_I")), secret,
                    Chap.decodeBinary(c.get("CHAP_C"))));
                t.send(EmbeddedTarget.login(true, 0, 1, "CHAP_N=alice", "CHAP_R=" + r).encode());
                Pdu done = t.response();
                assertThat(done.shortField(Bhs.STATUS_CLASS)).isEqualTo(right ? 0 : 0x0201);
                done.release();
                assertThat(t.channel().isOpen()).isEqualTo(right);
            } finally {
                t.close();
            }
        }
    }
}
