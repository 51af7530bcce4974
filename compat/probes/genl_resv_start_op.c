// SPDX-License-Identifier: GPL-2.0
/*
 * Feature: genl_resv_start_op
 * struct genl_family has .resv_start_op, the first command whose reserved
 * header bytes are validated (upstream 6.1).
 */
#include <net/genetlink.h>

struct genl_family probe_family = {
	.name		= "probe",
	.resv_start_op	= 1,
};
