// SPDX-License-Identifier: GPL-2.0
/*
 * loomctl: configure and observe Loom's network layer and servers over
 * generic netlink.
 */
#include <stdio.h>
#include <string.h>

#include "loomctl.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: loomctl net {add NID [IFNAME] | del NID | show | peers | stats | ping NID [MS]}\n"
		"       loomctl mgs start FSNAME [--stripe-count N] [--stripe-size BYTES]\n"
		"       loomctl {mdt|ost} start FSNAME INDEX --mgs NID\n"
		"       loomctl {mgs|mdt|ost} stop FSNAME [INDEX]\n"
		"       loomctl target list\n"
		"       loomctl mgs {dump FSNAME | restore FSNAME [FILE] | set FSNAME KEY=VALUE...}\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "net"))
		return loomctl_net_main(argc - 1, argv + 1);
	if (!strcmp(argv[1], "mgs") || !strcmp(argv[1], "mdt") ||
	    !strcmp(argv[1], "ost") || !strcmp(argv[1], "target"))
		return loomctl_fs_main(argc - 1, argv + 1);
	fprintf(stderr, "loomctl: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
