#!/bin/sh
# selftest: the kernel panics mid-scenario; the host must report a
# missing sentinel.
echo 1 > /proc/sys/kernel/sysrq
echo c > /proc/sysrq-trigger
sleep 30
