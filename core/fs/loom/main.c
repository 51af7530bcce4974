// SPDX-License-Identifier: GPL-2.0
/*
 * Loom parallel filesystem: module entry points.
 *
 * loom.ko holds the RPC layer shared by everything, the servers (MGS,
 * MDT, OST) when built with CONFIG_LOOM_FS_SERVER, and the client.  They
 * come up in that order and go down in the reverse one.
 */
#include <linux/module.h>
#include "common/rpc.h"
#include "loom.h"

static int __init loom_init(void)
{
	int ret;

	ret = loom_rpc_init();
	if (ret)
		return ret;
	if (IS_ENABLED(CONFIG_LOOM_FS_SERVER)) {
		ret = loom_server_init();
		if (ret)
			goto err_rpc;
	}
	ret = loom_client_init();
	if (ret)
		goto err_server;
	return 0;

err_server:
	if (IS_ENABLED(CONFIG_LOOM_FS_SERVER))
		loom_server_exit();
err_rpc:
	loom_rpc_exit();
	return ret;
}

static void __exit loom_exit(void)
{
	loom_client_exit();
	if (IS_ENABLED(CONFIG_LOOM_FS_SERVER))
		loom_server_exit();
	loom_rpc_exit();
}

module_init(loom_init);
module_exit(loom_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Loom parallel distributed filesystem");
