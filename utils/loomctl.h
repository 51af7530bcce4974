/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOOMCTL_H
#define LOOMCTL_H

int loomctl_net_main(int argc, char **argv);
int loomctl_fs_main(int argc, char **argv);

#endif
