package io.obd4j.core.ext4;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code mke2fs} invocation for overlaybd's base layer ({@code baselayers/ext4_64}, spec §12.2): features
 * compat 0x3C (has_journal, ext_attr, resize_inode, dir_index), incompat 0x2C2 (filetype, extents, 64bit,
 * flex_bg), ro_compat 0x7B (sparse_super, large_file, huge_file, uninit_bg, dir_nlink, extra_isize), no
 * metadata_csum. The profile is passed as {@code MKE2FS_CONFIG}, so {@code /etc/mke2fs.conf} cannot change it.
 */
final class Mke2fsProfile {
    static final String FEATURES = "has_journal,extent,huge_file,flex_bg,uninit_bg,64bit,dir_nlink,extra_isize";
    static final String BASE_FEATURES = "sparse_super,large_file,filetype,resize_inode,dir_index,ext_attr";

    private Mke2fsProfile() {
    }

    static String text(Ext4Options o) {
        return "[defaults]\n"
            + "\tbase_features = " + BASE_FEATURES + "\n"
            + "\tdefault_mntopts = acl,user_xattr\n"
            + "\tenable_periodic_fsck = 0\n"
            + "\tblocksize = " + o.blockSize() + "\n"
            + "\tinode_size = " + o.inodeSize() + "\n"
            + "\tinode_ratio = 16384\n"
            + "\thash_alg = half_md4\n"
            + "[fs_types]\n"
            + "\text4 = {\n"
            + "\t\tfeatures = " + FEATURES + "\n"
            + "\t}\n";
    }

    static List<String> command(Path raw, Ext4Options o) throws IOException {
        return List.of(E2fsTools.locate("mke2fs"), "-t", "ext4", "-F", "-q", "-b", Integer.toString(o.blockSize()),
            "-I", Integer.toString(o.inodeSize()), "-U", o.uuid().toString(),
            "-E", "hash_seed=" + o.hashSeed() + ",lazy_itable_init=1,lazy_journal_init=1,nodiscard,root_owner=0:0",
            raw.toString());
    }
}
