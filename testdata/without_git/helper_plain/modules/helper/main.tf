variable "cluster_name" {
  type = string
}
resource "aws_sqs_queue" "events" {
  name = "${var.cluster_name}-events"
}
