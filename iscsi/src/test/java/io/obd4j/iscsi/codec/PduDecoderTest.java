package io.obd4j.iscsi.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PduDecoderTest {

    private static byte[] sample(int dataLength, boolean hd, boolean dd) {
        byte[] data = new byte[dataLength];
        new SplittableRandom(dataLength).nextBytes(data);
        byte[] ahs = {0, 5, 1, 0, 1, 2, 3, 4, 5, 0, 0, 0};
        return PduBytes.of(Opcode.SCSI_COMMAND, 0xa0).intAt(Bhs.INITIATOR_TASK_TAG, 0x1234)
            .intAt(Bhs.CMD_SN, 77).ahs(ahs).data(data).encode(hd, dd);
    }

    private static List<Object> feed(EmbeddedChannel ch, byte[] bytes, int... cuts) {
        int from = 0;
        for (int cut : cuts) {
            ch.writeInbound(Unpooled.wrappedBuffer(bytes, from, cut - from));
            from = cut;
        }
        ch.writeInbound(Unpooled.wrappedBuffer(bytes, from, bytes.length - from));
        List<Object> out = new ArrayList<>();
        Object o;
        while ((o = ch.readInbound()) != null) {
            out.add(o);
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"0,false,false", "1,false,false", "3,true,false", "4,false,true", "513,true,true", "8192,true,true"})
    void decodesWhateverTheSplit(int dataLength, boolean hd, boolean dd) {
        byte[] one = sample(dataLength, hd, dd);
        byte[] two = new byte[one.length * 2];
        System.arraycopy(one, 0, two, 0, one.length);
        System.arraycopy(one, 0, two, one.length, one.length);
        for (int cut = 0; cut <= two.length; cut += Math.max(1, two.length / 97)) {
            CodecSettings settings = new CodecSettings();
            settings.apply(hd, dd, 8192);
            EmbeddedChannel ch = new EmbeddedChannel(new PduDecoder(settings));
            int second = Math.min(two.length, cut + 1 + cut % 7);
            List<Object> out = feed(ch, two, cut, second);
            assertThat(out).hasSize(2);
            for (Object o : out) {
                Pdu pdu = (Pdu) o;
                assertThat(pdu.opcode()).isEqualTo(Opcode.SCSI_COMMAND);
                assertThat(pdu.initiatorTaskTag()).isEqualTo(0x1234);
                assertThat(pdu.field(Bhs.CMD_SN)).isEqualTo(77);
                assertThat(pdu.ahs().readableBytes()).isEqualTo(12);
                assertThat(pdu.dataLength()).isEqualTo(dataLength);
                byte[] expected = new byte[dataLength];
                new SplittableRandom(dataLength).nextBytes(expected);
                byte[] got = new byte[dataLength];
                pdu.data().getBytes(pdu.data().readerIndex(), got);
                assertThat(got).isEqualTo(expected);
                pdu.release();
            }
            assertThat(ch.finish()).isFalse();
        }
    }

    @Test
    void byteAtATime() {
        byte[] bytes = sample(1000, true, true);
        CodecSettings settings = new CodecSettings();
        settings.apply(true, true, 8192);
        EmbeddedChannel ch = new EmbeddedChannel(new PduDecoder(settings));
        for (int i = 0; i < bytes.length; i++) {
            ch.writeInbound(Unpooled.wrappedBuffer(bytes, i, 1));
            if (i < bytes.length - 1) {
                assertThat((Object) ch.readInbound()).isNull();
            }
        }
        Pdu pdu = ch.readInbound();
        assertThat(pdu.dataLength()).isEqualTo(1000);
        pdu.release();
    }

    @Test
    void rfcCrc32cVectorIsLittleEndianOnTheWire() {
        ByteBuf zeros = Unpooled.wrappedBuffer(new byte[32]);
        ByteBuf out = Unpooled.buffer();
        Crc32cDigest.write(out, new Crc32cDigest().compute(zeros, 0, 32));
        assertThat(new byte[] {out.getByte(0), out.getByte(1), out.getByte(2), out.getByte(3)})
            .containsExactly(0xaa, 0x36, 0x91, 0x8a);
        byte[] ones = new byte[32];
        java.util.Arrays.fill(ones, (byte) 0xff);
        ByteBuf out2 = Unpooled.buffer();
        Crc32cDigest.write(out2, new Crc32cDigest().compute(Unpooled.wrappedBuffer(ones), 0, 32));
        assertThat(out2.getIntLE(0)).isEqualTo(0x62a8ab43);
    }

    @Test
    void badHeaderDigestIsFatalAndDiscardsTheRest() {
        byte[] bytes = sample(100, true, false);
        bytes[Bhs.LENGTH + 12] ^= 1;
        CodecSettings settings = new CodecSettings();
        settings.apply(true, false, 8192);
        EmbeddedChannel ch = new EmbeddedChannel(new PduDecoder(settings));
        List<Object> out = feed(ch, concat(bytes, sample(10, true, false)));
        assertThat(out).hasSize(1);
        DecodeFault fault = (DecodeFault) out.get(0);
        assertThat(fault.fatal()).isTrue();
        assertThat(fault.cause().getMessage()).startsWith("header digest");
        fault.header().release();
    }

    @Test
    void badDataDigestRejectsOnePduAndFramingContinues() {
        byte[] bad = sample(100, false, true);
        bad[bad.length - 10] ^= 0x40;
        CodecSettings settings = new CodecSettings();
        settings.apply(false, true, 8192);
        EmbeddedChannel ch = new EmbeddedChannel(new PduDecoder(settings));
        List<Object> out = feed(ch, concat(bad, sample(10, false, true)));
        assertThat(out).hasSize(2);
        DecodeFault fault = (DecodeFault) out.get(0);
        assertThat(fault.fatal()).isFalse();
        assertThat(fault.reason()).isEqualTo(RejectReason.DATA_DIGEST_ERROR);
        assertThat(fault.initiatorTaskTag()).isEqualTo(0x1234);
        fault.header().release();
        Pdu next = (Pdu) out.get(1);
        assertThat(next.dataLength()).isEqualTo(10);
        next.release();
    }

    @Test
    void dataSegmentOverTheNegotiatedLimitIsRefused() {
        CodecSettings settings = new CodecSettings();
        settings.apply(false, false, 512);
        EmbeddedChannel ch = new EmbeddedChannel(new PduDecoder(settings));
        List<Object> out = feed(ch, sample(513, false, false));
        assertThat(out).hasSize(1);
        DecodeFault fault = (DecodeFault) out.get(0);
        assertThat(fault.fatal()).isTrue();
        assertThat(fault.cause().getMessage()).contains("MaxRecvDataSegmentLength 512").contains("513");
        fault.header().release();
    }

    @Test
    void encoderOutputDecodesBackWithDigests() {
        CodecSettings settings = new CodecSettings();
        settings.apply(true, true, 65536);
        EmbeddedChannel enc = new EmbeddedChannel(new PduEncoder(settings));
        byte[] payload = new byte[1001];
        new SplittableRandom(9).nextBytes(payload);
        enc.writeOutbound(TargetPdus.dataIn(enc.alloc(), 0x81, 0, 5L << 48, 42, 3, 4096, 0,
            Unpooled.wrappedBuffer(payload)));
        ByteBuf wire = Unpooled.buffer();
        ByteBuf part;
        while ((part = enc.readOutbound()) != null) {
            wire.writeBytes(part);
            part.release();
        }
        assertThat(wire.readableBytes()).isEqualTo(48 + 4 + 1004 + 4);
        EmbeddedChannel dec = new EmbeddedChannel(new PduDecoder(settings));
        dec.writeInbound(wire);
        Pdu pdu = dec.readInbound();
        assertThat(pdu.opcode()).isEqualTo(Opcode.SCSI_DATA_IN);
        assertThat(pdu.field(Bhs.DATA_SN)).isEqualTo(3);
        assertThat(pdu.field(Bhs.BUFFER_OFFSET)).isEqualTo(4096);
        assertThat(pdu.lun()).isEqualTo(5L << 48);
        byte[] got = new byte[1001];
        pdu.data().getBytes(pdu.data().readerIndex(), got);
        assertThat(got).isEqualTo(payload);
        pdu.release();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
