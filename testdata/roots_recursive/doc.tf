# A repository with a cluster root and app roots, linted with --recursive.
# Each finding is reported once, in the root that can fix it: the app root
# for the role its provider uses, the cluster root for its own grants.
