/**
 * The pipeline picker lives with the board in components/board (record pages use it, and features do
 * not import each other); re-exported here for the settings feature's readers.
 */
export { PipelineSelect } from '../../components/board/PipelineSelect';
