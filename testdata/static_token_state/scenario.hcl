description = "a token read from another root's state is static"
args        = ["--chdir=apps"]
