# A hub root creates the cluster; app roots read its state through a path
# built from path.module or path.root, which Terraform makes "." for a root
# module run from its own directory. The join must not depend on the
# spelling.
