/// The stages of DESIGN.md section 1, their wiring, and the topic catalogue (topics/topics.yaml).
public enum PipelineModule {}
