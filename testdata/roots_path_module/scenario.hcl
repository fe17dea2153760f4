description = "a local remote state's path written with path.module or path.root still joins the sibling root"
args        = ["--recursive"]
